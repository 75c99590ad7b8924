package dev.outpost.cli;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.enrollment.EnrollmentException;
import dev.outpost.engine.enrollment.EnrollmentFile;
import dev.outpost.engine.enrollment.EnrollmentFinding;
import dev.outpost.engine.enrollment.EnrollmentReview;
import dev.outpost.engine.enrollment.IssuerKeys;
import dev.outpost.engine.enrollment.SiteEnrollment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code outpost enroll verify}: checks an enrollment file as a site will check it, before it is sent. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Checks an enrollment file's signature, then reviews it: expiry, the trust anchor, the site's"
            + " issuer and its chain to the anchor, ranges and labels. With --passphrase-stdin it also checks that"
            + " the site passphrase opens the issuer key.",
            "Exit status: 0 when the file can be used (warnings allowed), 1 when a check found a blocker, 2 when"
                + " the file or a key could not be read or the arguments are wrong."})
public final class EnrollVerifyCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(EnrollVerifyCommand.class);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The enrollment file.")
    private Path file;

    @Option(names = "--trust", required = true, arity = "1", paramLabel = "PUBKEY", description = "A head-office"
            + " public key whose signature counts, as 'outpost keys generate' wrote it. Repeat for several keys.")
    private List<Path> trust;

    @Option(names = "--site", paramLabel = "ID", description = "The site the file must be for.")
    private String expectedSite;

    @Option(names = "--passphrase-stdin", description = "Read the site passphrase from the first line of standard"
            + " input and check that it opens the issuer key.")
    private boolean passphraseFromStdin;

    private final InputStream stdin;
    private final Clock clock;

    public EnrollVerifyCommand(InputStream stdin, Clock clock) {
        this.stdin = stdin;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        char[] passphrase = null;
        try {
            List<PublicKey> keys = new ArrayList<>();
            for (Path key : trust) {
                keys.add(SigningKeys.readPublicKey(key));
            }
            passphrase = passphraseFromStdin ? new StdinSecrets(stdin).readLine("site passphrase") : null;
            EnrollmentFile.Signed signed = EnrollmentFile.readSigned(file, keys);
            SiteEnrollment enrollment = signed.enrollment();
            List<EnrollmentFinding> findings = new ArrayList<>(expectedSite == null
                    ? EnrollmentReview.review(enrollment, clock.instant())
                    : EnrollmentReview.review(enrollment, clock.instant(), expectedSite));
            String keyLine = "not checked (pass --passphrase-stdin to check it)";
            if (passphrase != null) {
                try {
                    IssuerKeys.openFor(enrollment, passphrase);
                    keyLine = "opens with the passphrase and matches the issuer certificate";
                } catch (EnrollmentException e) {
                    keyLine = "does not open";
                    findings.add(0, new EnrollmentFinding("issuer-key", EnrollmentFinding.Severity.BLOCKER,
                            e.getMessage()));
                }
            }
            print(out, enrollment, signed.signer(), keyLine, findings);
            long blockers = findings.stream().filter(EnrollmentFinding::isBlocker).count();
            if (blockers > 0) {
                log.warn("The enrollment file {} has {} blockers.", file, blockers);
                boolean onlyPassphrase = findings.stream().filter(EnrollmentFinding::isBlocker)
                        .allMatch(f -> f.id().equals("issuer-key"));
                err.println("The enrollment file " + file + " cannot be used: " + blockers + (blockers == 1
                        ? " blocker" : " blockers") + " above. " + (onlyPassphrase ? "Type the passphrase head"
                        + " office gave you for this site and try again." : "Ask head office for a new enrollment"
                        + " file."));
                return EnrollExitStatus.REJECTED;
            }
            return EnrollExitStatus.OK;
        } catch (EnrollmentException e) {
            log.warn("The enrollment file {} failed verification: {}", file, e.getMessage());
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return EnrollExitStatus.of(e);
        } catch (BundleException | IllegalArgumentException e) {
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return EnrollExitStatus.UNREADABLE;
        } catch (IOException e) {
            err.println(BundleExitStatus.oneLine("Standard input could not be read: " + e + "."));
            return EnrollExitStatus.UNREADABLE;
        } finally {
            HeadOfficeOptions.wipe(passphrase);
        }
    }

    private void print(PrintWriter out, SiteEnrollment enrollment, String signer, String keyLine,
            List<EnrollmentFinding> findings) {
        out.println("Enrollment file " + file + " is signed by a trusted head-office key.");
        out.println(EnrollmentText.details(enrollment, signer));
        out.println("Issuer key:      " + keyLine);
        if (findings.isEmpty()) {
            out.println("Findings:        none");
        } else {
            out.println("Findings:");
            findings.forEach(finding -> out.println("  " + EnrollmentText.finding(finding)));
        }
        out.flush();
    }
}
