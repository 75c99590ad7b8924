package dev.outpost.cli;

import dev.outpost.engine.enrollment.EnrollmentException;
import dev.outpost.engine.enrollment.EnrollmentFile;
import dev.outpost.engine.enrollment.EnrollmentFinding;
import dev.outpost.engine.enrollment.EnrollmentReview;
import dev.outpost.engine.enrollment.IssuerKeys;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.install.InstallRequest;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.install.MeshJoin;
import dev.outpost.engine.session.Preflight;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * {@code outpost join}: installs K3s with the enrolled site's settings if needed, then joins the site to the
 * central mesh. Resumes like {@code install}.
 */
@Command(name = "join", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Joins the site to the central mesh with its enrollment file from head office: installs K3s"
            + " from the bundle if it is not there yet, then Linkerd with the site's own identity, the link to the"
            + " central cluster, the Rancher registration and the site labels. Running it again skips what is done"
            + " and verified.",
            "Standard input carries, one line each: the login secrets the connection options ask for, then the"
                + " enrollment passphrase with --enrollment-passphrase-stdin.",
            "Exit status: 0 when joined, 1 when the enrollment was refused or a step failed, 2 when it could not"
                + " connect or the arguments are wrong, 130 when interrupted (run it again to continue)."})
public final class JoinCommand implements java.util.concurrent.Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(JoinCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private GatewayOptions gateway;

    @Option(names = "--enrollment", required = true, paramLabel = "FILE", description = "The site's enrollment"
            + " file from head office.")
    private Path enrollmentFile;

    @Option(names = "--enrollment-passphrase-stdin", description = "Read the enrollment's passphrase from standard"
            + " input, after the login secrets. Without it, Outpost asks at the terminal.")
    private boolean passphraseFromStdin;

    @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "The offline bundle: a folder,"
            + " .tar or .tar.zst.")
    private Path bundle;

    @Option(names = "--trust", required = true, arity = "1", paramLabel = "PUBKEY", description = "Head office's"
            + " public key, whose signature on the bundle and the enrollment counts. Repeat for several keys.")
    private List<Path> trust;

    @Option(names = "--json", description = "Print one JSON event per line (see docs/install-json.md).")
    private boolean json;

    private final Preflight preflight;
    private final Installer installer;
    private final Path defaultKnownHosts;
    private final InputStream stdin;
    private final Clock clock;

    public JoinCommand(Preflight preflight, Installer installer, Path defaultKnownHosts, InputStream stdin,
            Clock clock) {
        this.preflight = preflight;
        this.installer = installer;
        this.defaultKnownHosts = defaultKnownHosts;
        this.stdin = stdin;
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        gateway.showLogIfVerbose();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InstallEventPrinter printer = new InstallEventPrinter(out, json, "Joined.", "Not joined.");
        List<PublicKey> keys;
        SiteEnrollment enrollment;
        ConnectionSettings settings;
        StdinSecrets secrets = new StdinSecrets(stdin);
        try {
            keys = InstallCommand.readKeys(trust);
            enrollment = EnrollmentFile.read(enrollmentFile, keys);
            settings = gateway.settings(secrets, defaultKnownHosts);
        } catch (IllegalArgumentException e) {
            return refuse(printer, err, e.getMessage(), InstallRun.EXIT_FAILED);
        } catch (EnrollmentException e) {
            return refuse(printer, err, e.getMessage(), e.kind() == EnrollmentException.Kind.UNREADABLE
                    ? InstallRun.EXIT_FAILED : InstallRun.EXIT_STEP_FAILED);
        }
        PrivateKey issuerKey;
        try {
            List<EnrollmentFinding> findings = EnrollmentReview.review(enrollment, clock.instant());
            findings.stream().filter(f -> !f.isBlocker()).forEach(f -> err.println("Warning: " + f.message()));
            EnrollmentReview.requireUsable(findings);
            issuerKey = openIssuerKey(enrollment, secrets);
        } catch (EnrollmentException e) {
            settings.credentials().wipe();
            boolean order = e.kind() == EnrollmentException.Kind.WRONG_PASSPHRASE && passphraseFromStdin;
            return refuse(printer, err, e.getMessage() + (order ? " On standard input the login secrets come first,"
                    + " and the enrollment passphrase last." : ""), InstallRun.EXIT_STEP_FAILED);
        } catch (IllegalArgumentException e) {
            settings.credentials().wipe();
            return refuse(printer, err, e.getMessage(), InstallRun.EXIT_FAILED);
        }
        log.info("Joining the site {} ({}) to {}.", enrollment.siteId(), enrollment.displayName(),
                enrollment.centralClusterName());
        MeshJoin join = new MeshJoin(enrollment, issuerKey);
        int status = new InstallRun(preflight, installer).run(settings,
                session -> InstallRequest.joining(bundle, keys, join), printer, out, err);
        if (status == InstallRun.EXIT_DONE && !json) {
            out.println("Check the site's mesh at any time with: outpost mesh-check --host " + gateway.host()
                    + " and the same login options.");
        }
        return status;
    }

    private PrivateKey openIssuerKey(SiteEnrollment enrollment, StdinSecrets secrets) throws IOException,
            EnrollmentException {
        char[] passphrase = passphrase(secrets);
        try {
            return IssuerKeys.openFor(enrollment, passphrase);
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /** Reads the enrollment passphrase: the next line of standard input, or a hidden prompt at the terminal. */
    private char[] passphrase(StdinSecrets secrets) throws IOException {
        if (passphraseFromStdin) {
            return secrets.readLine("enrollment passphrase");
        }
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("The enrollment's passphrase is needed. Pipe it in after the login"
                    + " secrets and add --enrollment-passphrase-stdin, or run join at a terminal to be asked.");
        }
        char[] typed = console.readPassword("Passphrase for the enrollment of this site (from head office): ");
        if (typed == null || typed.length == 0) {
            throw new IllegalArgumentException("No passphrase was typed. Run join again and type the passphrase"
                    + " head office gave you for this site.");
        }
        return typed;
    }

    private static int refuse(InstallEventPrinter printer, PrintWriter err, String message, int status) {
        printer.failed(message);
        err.println(message);
        return status;
    }
}
