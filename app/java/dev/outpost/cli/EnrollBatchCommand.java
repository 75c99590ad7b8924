package dev.outpost.cli;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.enrollment.EnrollmentException;
import dev.outpost.engine.enrollment.EnrollmentFile;
import dev.outpost.engine.enrollment.IssuancePolicy;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.enrollment.SiteLabels;
import dev.outpost.engine.enrollment.SiteList;
import dev.outpost.engine.enrollment.SitePassphrases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code outpost enroll batch}: issues one enrollment file per site listed in a CSV, and their passphrases. */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Issues one enrollment file per site of a CSV with the header"
            + " site,name,labels,pod_cidr,service_cidr (labels as k=v;k=v), reading the central cluster once. Every"
            + " site gets a random passphrase, written to one file that must travel separately from the enrollment"
            + " files.",
            "Standard input carries the key passphrases as for 'enroll create'.",
            "Exit status: 0 when every file was written, 1 when the central cluster lacks something the link needs,"
                + " 2 when an argument, input file or CSV row is wrong. Nothing is written unless every site"
                + " succeeds."})
public final class EnrollBatchCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(EnrollBatchCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--sites", required = true, paramLabel = "CSV", description = "The sites, one row each.")
    private Path sites;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "The folder for the enrollment"
            + " files, named SITE.enrollment; created when missing.")
    private Path outDir;

    @Option(names = "--passphrases-out", required = true, paramLabel = "FILE", description = "The new file for the"
            + " site passphrases (CSV site,passphrase, readable only by you); not inside --out-dir.")
    private Path passphrasesOut;

    @Mixin
    private HeadOfficeOptions headOffice;

    private final InputStream stdin;
    private final Clock clock;

    public EnrollBatchCommand(InputStream stdin, Clock clock) {
        this.stdin = stdin;
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<PassphraseFile.Entry> passphrases = new ArrayList<>();
        try {
            List<SiteList.Row> rows = checkedRows();
            SecureRandom random = new SecureRandom();
            HeadOfficeOptions.HeadOffice office = headOffice.open(new StdinSecrets(stdin), clock, random);

            List<SiteEnrollment> enrollments = new ArrayList<>();
            long started = System.nanoTime();
            for (SiteList.Row row : rows) {
                char[] passphrase = SitePassphrases.generate(random);
                passphrases.add(new PassphraseFile.Entry(row.request().siteId(), passphrase));
                enrollments.add(office.issuer().issue(row.request(), passphrase));
            }
            log.info("Issued {} enrollments in {} ms.", rows.size(), (System.nanoTime() - started) / 1_000_000);

            writeAll(enrollments, passphrases, office);
            print(enrollments);
            return EnrollExitStatus.OK;
        } catch (EnrollmentException e) {
            log.warn("The batch from {} was not issued: {}", sites, e.getMessage());
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return EnrollExitStatus.of(e);
        } catch (BundleException | IllegalArgumentException e) {
            err.println(BundleExitStatus.oneLine(e.getMessage()));
            return EnrollExitStatus.UNREADABLE;
        } catch (FileAlreadyExistsException e) {
            err.println("The file " + e.getFile() + " already exists; an enrollment or passphrase file is never"
                    + " overwritten. Choose an empty --out-dir and a new --passphrases-out.");
            return EnrollExitStatus.UNREADABLE;
        } catch (IOException e) {
            log.error("The batch from {} could not be written to {}.", sites, outDir, e);
            err.println(BundleExitStatus.oneLine("The enrollments could not be written to " + outDir + ", because "
                    + HeadOfficeOptions.whyNotWritten(e) + "."));
            return EnrollExitStatus.UNREADABLE;
        } finally {
            passphrases.forEach(entry -> HeadOfficeOptions.wipe(entry.passphrase()));
        }
    }

    /** Reads the CSV and checks every row, their ranges and the output paths before any key or network use. */
    private List<SiteList.Row> checkedRows() throws EnrollmentException, IOException {
        if (passphrasesOut.toAbsolutePath().normalize().startsWith(outDir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--passphrases-out must not be inside --out-dir, because the"
                    + " passphrases must travel separately from the enrollment files. Choose another place.");
        }
        IssuancePolicy policy = headOffice.policy();
        List<SiteList.Row> rows = SiteList.read(sites);
        List<String> problems = new ArrayList<>(SiteList.rangeConflicts(rows, policy.centralPodCidr(),
                policy.centralServiceCidr()));
        for (SiteList.Row row : rows) {
            for (String problem : siteProblems(row)) {
                problems.add("Line " + row.line() + " (" + row.request().siteId() + "): " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, problems.size() == 1
                    ? problems.get(0) : problems.size() + " problems in " + sites + "; the first: " + problems.get(0));
        }
        EnrollCreateCommand.requireNew(passphrasesOut);
        for (SiteList.Row row : rows) {
            EnrollCreateCommand.requireNew(fileFor(row.request().siteId()));
        }
        return rows;
    }

    /** Returns the row's id and label problems; rangeConflicts checks the ranges across all rows. */
    private static List<String> siteProblems(SiteList.Row row) {
        List<String> problems = new ArrayList<>();
        SiteLabels.siteIdProblem(row.request().siteId()).ifPresent(problems::add);
        problems.addAll(SiteLabels.problems(row.request().labels()));
        return problems;
    }

    private void writeAll(List<SiteEnrollment> enrollments, List<PassphraseFile.Entry> passphrases,
            HeadOfficeOptions.HeadOffice office) throws IOException {
        Files.createDirectories(outDir);
        PassphraseFile.write(passphrasesOut, passphrases);
        List<Path> written = new ArrayList<>();
        try {
            for (SiteEnrollment enrollment : enrollments) {
                Path file = fileFor(enrollment.siteId());
                EnrollmentFile.write(enrollment, office.signKey(), file);
                written.add(file);
            }
        } catch (IOException e) {
            for (Path file : written) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(passphrasesOut);
            throw e;
        }
    }

    private void print(List<SiteEnrollment> enrollments) {
        PrintWriter stdout = spec.commandLine().getOut();
        for (SiteEnrollment enrollment : enrollments) {
            stdout.println(EnrollmentText.site(enrollment) + " -> " + fileFor(enrollment.siteId()));
        }
        stdout.println("Wrote " + enrollments.size() + " enrollment files to " + outDir + " and their passphrases to "
                + passphrasesOut + ".");
        stdout.println("Send the passphrases file separately from the enrollment files, for example through a"
                + " password manager, never in the same message or on the same drive.");
        stdout.flush();
    }

    private Path fileFor(String siteId) {
        return outDir.resolve(siteId + EnrollmentFile.SUFFIX);
    }
}
