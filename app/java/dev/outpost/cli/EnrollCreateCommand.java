package dev.outpost.cli;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.enrollment.EnrollmentException;
import dev.outpost.engine.enrollment.EnrollmentFile;
import dev.outpost.engine.enrollment.EnrollmentFinding;
import dev.outpost.engine.enrollment.EnrollmentReview;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.enrollment.SiteLabels;
import dev.outpost.engine.enrollment.SitePassphrases;
import dev.outpost.engine.enrollment.SiteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code outpost enroll create}: issues one site's signed enrollment file at head office. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Issues one site's enrollment file: a new Linkerd issuer for the site signed by the trust"
            + " anchor, the link to the central cluster read from its API, the site's ranges and labels, and"
            + " optionally Rancher's registration; signed with head office's key.",
            "Standard input carries one line per secret, in this order and only when its option is given: the"
                + " signing key's passphrase (--passphrase-stdin), the trust anchor key's passphrase"
                + " (--trust-anchor-passphrase-stdin), the site passphrase (--site-passphrase-stdin).",
            "Exit status: 0 when the file was written, 1 when the central cluster lacks something the link needs,"
                + " 2 when an argument or input file is wrong. Nothing is written unless all succeeds."})
public final class EnrollCreateCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(EnrollCreateCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--site", required = true, paramLabel = "ID", description = "The site's id, such as store-0042;"
            + " it becomes the gateway's node name.")
    private String site;

    @Option(names = "--name", paramLabel = "NAME", description = "The site's name for people, such as \"Store 42,"
            + " Leeds\". Default: the site id.")
    private String name;

    @Option(names = "--labels", paramLabel = "K=V,...", description = "Site labels for Fleet and workloads, such as"
            + " region=north,store=42.")
    private String labels;

    @Option(names = "--pod-cidr", required = true, paramLabel = "CIDR", description = "The site's pod range; it must"
            + " not overlap the central cluster's or any other site's.")
    private String podCidr;

    @Option(names = "--service-cidr", required = true, paramLabel = "CIDR", description = "The site's service range.")
    private String serviceCidr;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The enrollment file to write,"
            + " readable only by you. Must not exist yet.")
    private Path out;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private SitePassphrase sitePassphrase;

    @Mixin
    private HeadOfficeOptions headOffice;

    /** The site passphrase's source: typed by head office, or generated. */
    static final class SitePassphrase {
        @Option(names = "--site-passphrase-stdin", required = true, description = "Read the site passphrase, at"
                + " least 12 characters, from standard input, after the key passphrases.")
        boolean fromStdin;

        @Option(names = "--site-passphrase-out", required = true, paramLabel = "FILE", description = "Generate a"
                + " random site passphrase and write it to this new file, readable only by you.")
        Path generateTo;
    }

    private final InputStream stdin;
    private final Clock clock;

    public EnrollCreateCommand(InputStream stdin, Clock clock) {
        this.stdin = stdin;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        char[] passphrase = null;
        try {
            requireNew(out);
            if (sitePassphrase.generateTo != null) {
                requireNew(sitePassphrase.generateTo);
            }
            SiteRequest request = new SiteRequest(site, name, SiteLabels.parse(labels, ','), podCidr, serviceCidr);
            headOffice.policy();
            SecureRandom random = new SecureRandom();
            StdinSecrets secrets = new StdinSecrets(stdin);
            HeadOfficeOptions.HeadOffice office = headOffice.open(secrets, clock, random);
            passphrase = sitePassphrase.fromStdin ? secrets.readLine("site passphrase")
                    : SitePassphrases.generate(random);
            SiteEnrollment enrollment = office.issuer().issue(request, passphrase);
            if (sitePassphrase.generateTo != null) {
                PassphraseFile.write(sitePassphrase.generateTo, java.util.List.of(
                        new PassphraseFile.Entry(site, passphrase)));
            }
            try {
                EnrollmentFile.write(enrollment, office.signKey(), out);
            } catch (IOException e) {
                if (sitePassphrase.generateTo != null) {
                    Files.deleteIfExists(sitePassphrase.generateTo);
                }
                throw e;
            }
            print(enrollment, office);
            return EnrollExitStatus.OK;
        } catch (EnrollmentException e) {
            log.warn("The enrollment of site {} was not issued: {}", site, e.getMessage());
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return EnrollExitStatus.of(e);
        } catch (BundleException | IllegalArgumentException e) {
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return EnrollExitStatus.UNREADABLE;
        } catch (FileAlreadyExistsException e) {
            err.println("The file " + e.getFile() + " already exists; an enrollment is never overwritten. Choose"
                    + " another name or move the old file away.");
            return EnrollExitStatus.UNREADABLE;
        } catch (IOException e) {
            log.error("The enrollment {} could not be written.", out, e);
            err.println(BundleExitStatus.oneLine("The enrollment " + out + " could not be written, because "
                    + HeadOfficeOptions.whyNotWritten(e) + "."));
            return EnrollExitStatus.UNREADABLE;
        } finally {
            HeadOfficeOptions.wipe(passphrase);
        }
    }

    private void print(SiteEnrollment enrollment, HeadOfficeOptions.HeadOffice office) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(EnrollmentText.issued(enrollment, out, office.signKey()));
        if (sitePassphrase.generateTo != null) {
            stdout.println("Wrote the site passphrase to " + sitePassphrase.generateTo + ". Send it to the"
                    + " technician separately from the enrollment file, for example by phone, never in the same"
                    + " message.");
        }
        for (EnrollmentFinding finding : EnrollmentReview.review(enrollment, clock.instant())) {
            stdout.println(EnrollmentText.finding(finding));
        }
        stdout.flush();
    }

    static void requireNew(Path file) throws FileAlreadyExistsException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
    }
}
