package dev.outpost.engine.diagnostics;

import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.install.LaptopRecords;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.testing.TestMeshPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exports from the laptop's own files alone, as when the gateway is gone, with secrets planted in the log, the run
 * record, the journal copy and the enrollment, and reads the exports back as head office does.
 */
class DiagnosticsExportTest {

    static final String LOGIN_PASSWORD = "rig-login-pw-5521";
    static final String HEAD_OFFICE_SECRET = "STORE-KEY-0042-ZX";
    static final String GATEWAY = "198.18.7.2";

    @TempDir
    Path home;

    private AppDirectories directories;
    private SiteEnrollment enrollment;

    @BeforeEach
    void plant() throws Exception {
        directories = new AppDirectories(home.resolve("data"), home.resolve("logs"));
        enrollment = TestMeshPki.create().enrollment("store-0042").build();
        Files.createDirectories(directories.logs());
        Files.writeString(directories.logs().resolve("outpost.log"), String.join("\n",
                "2026-11-01 10:00:00,001 INFO  [main] Connected to " + GATEWAY + " as tech.",
                "2026-11-01 10:00:01,002 DEBUG [main] Running on the gateway: echo " + LOGIN_PASSWORD + " | sudo -S",
                "2026-11-01 10:00:02,003 ERROR [main] join failed: token=" + TestMeshPki.SERVICE_MIRROR_TOKEN,
                "java.lang.IllegalStateException: passphrase " + TestMeshPki.PASSPHRASE + " rejected",
                "\tat dev.outpost.Example.run(Example.java:1)",
                "{\"level\":\"info\",\"msg\":\"registration " + TestMeshPki.REGISTRATION_TOKEN + "\"}",
                "manifest data: " + Base64.getEncoder().encodeToString(TestMeshPki.REGISTRATION_TOKEN.getBytes()),
                "site code " + HEAD_OFFICE_SECRET + " seen at " + GATEWAY,
                enrollment.issuerKey().pem(),
                ""), StandardCharsets.UTF_8);
        Path journals = directories.installJournals();
        Files.createDirectories(journals);
        Files.writeString(LaptopRecords.runRecord(journals, GATEWAY, 22), String.join("\n",
                "{\"schemaVersion\":1,\"at\":\"2026-11-01T10:00:00Z\",\"event\":\"plan\",\"steps\":["
                        + "{\"id\":\"check-gateway\",\"title\":\"Check the gateway and the bundle\"},"
                        + "{\"id\":\"start-k3s\",\"title\":\"Start K3s\"},"
                        + "{\"id\":\"wait-for-node\",\"title\":\"Wait for the node\"}]}",
                "{\"schemaVersion\":1,\"at\":\"2026-11-01T10:00:00Z\",\"event\":\"stepStarted\","
                        + "\"step\":\"check-gateway\",\"message\":\"Checking.\"}",
                "{\"schemaVersion\":1,\"at\":\"2026-11-01T10:00:02Z\",\"event\":\"stepFinished\","
                        + "\"step\":\"check-gateway\",\"outcome\":\"done\",\"message\":\"Room.\"}",
                "{\"schemaVersion\":1,\"at\":\"2026-11-01T10:00:02Z\",\"event\":\"stepStarted\","
                        + "\"step\":\"start-k3s\",\"message\":\"Starting.\"}",
                "{\"schemaVersion\":1,\"at\":\"2026-11-01T10:00:03Z\",\"event\":\"output\","
                        + "\"step\":\"start-k3s\",\"line\":\"[INFO] using K3S_TOKEN=" + LOGIN_PASSWORD + "x\"}",
                "{\"schemaVersion\":1,\"at\":\"2026-11-01T10:00:09Z\",\"event\":\"stepFinished\","
                        + "\"step\":\"start-k3s\",\"outcome\":\"failed\",\"message\":\"K3s did not start on "
                        + GATEWAY + ". Restart the gateway, then install again.\"}",
                "{\"schemaVersion\":1,\"at\":\"2026-11-01T10:00:09Z\",\"event\":\"result\",\"succeeded\":false,"
                        + "\"message\":\"K3s did not start.\",\"artifactBytesSent\":0}",
                ""), StandardCharsets.UTF_8);
        Files.writeString(LaptopRecords.journalCopy(journals, GATEWAY, 22), "{\"schemaVersion\":1,"
                + "\"kind\":\"outpost.install-journal\",\"site\":\"store-0042\",\"password\":\"" + LOGIN_PASSWORD
                + "\",\"steps\":[]}\n", StandardCharsets.UTF_8);
        Files.createDirectories(directories.data());
        Files.writeString(directories.data().resolve(HeadOfficePatterns.FILE_NAME), "STORE-KEY-[0-9]{4}-[A-Z]+\n");
    }

    private DiagnosticsRequest request(boolean mask) {
        return DiagnosticsRequest.laptopOnly(directories, "The gateway at " + GATEWAY + " did not answer.")
                .withGateway(GATEWAY, 22, null, "The gateway at " + GATEWAY + " did not answer (no route to host).")
                .withEnrollment(enrollment)
                .withKnownSecrets(List.of(new DiagnosticsRequest.KnownSecret(LOGIN_PASSWORD, RedactionKind.PASSWORD),
                        new DiagnosticsRequest.KnownSecret(TestMeshPki.PASSPHRASE, RedactionKind.PASSPHRASE)))
                .withMasking(mask);
    }

    private ExportResult export(boolean mask) throws DiagnosticsException {
        return new DiagnosticsExport(null, Clock.systemUTC(), "0.1.0-test").write(request(mask),
                home.resolve("out").resolve("diagnostics.zip"));
    }

    static Map<String, String> entries(Path zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                entries.put(entry.getName(), new String(file.getInputStream(entry).readAllBytes(),
                        StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    void noPlantedSecretInAnyEntry() throws Exception {
        ExportResult result = export(false);

        Map<String, String> entries = entries(result.file());
        List<String> secrets = List.of(LOGIN_PASSWORD, TestMeshPki.SERVICE_MIRROR_TOKEN, TestMeshPki.PASSPHRASE,
                TestMeshPki.REGISTRATION_TOKEN, HEAD_OFFICE_SECRET,
                Base64.getEncoder().encodeToString(TestMeshPki.REGISTRATION_TOKEN.getBytes()),
                enrollment.issuerKey().pem().lines().skip(1).findFirst().orElseThrow());
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            for (String secret : secrets) {
                assertThat(entry.getValue()).as(entry.getKey()).doesNotContain(secret);
            }
        }
        assertThat(entries).containsKeys("report.html", "report.json", "laptop/outpost.log",
                "laptop/install-run.jsonl", "laptop/install-journal.json", "site/enrollment.json",
                "instruments.json", "redactions.json");
        assertThat(result.redactions()).containsKeys(RedactionKind.PASSWORD, RedactionKind.ENROLLMENT_SECRET,
                RedactionKind.PASSPHRASE, RedactionKind.HEAD_OFFICE_PATTERN);
    }

    @Test
    void gatewayGoneSaysWhatWasNotCollected() throws Exception {
        ExportResult result = export(false);

        assertThat(result.notCollected()).anyMatch(n -> n.contains("the cluster snapshot")
                && n.contains("no route to host"));
        assertThat(result.notCollected()).anyMatch(n -> n.contains("K3s service log"));
        DiagnosticsSummary summary = DiagnosticsFile.read(result.file());
        assertThat(summary.problems()).anyMatch(p -> p.title().contains("could not be reached"));
        assertThat(summary.notCollected()).anyMatch(n -> n.startsWith("the gateway's kernel messages"));
        assertThat(entries(result.file()).get("instruments.json")).contains("\"collected\" : false");
    }

    @Test
    void failedStepAndItsFixComeFirst() throws Exception {
        ExportResult result = export(false);

        DiagnosticsSummary summary = DiagnosticsFile.read(result.file());
        assertThat(summary.state()).isEqualTo("failed");
        assertThat(summary.problems().get(0).title()).contains("Start K3s");
        assertThat(summary.problems().get(0).fix()).isEqualTo("Restart the gateway, then install again.");
        assertThat(summary.steps()).extracting(DiagnosticsSummary.Step::outcome)
                .containsExactly("done", "failed", "notReached");
        assertThat(summary.steps().get(0).durationMillis()).isEqualTo(2000);
        String html = entries(result.file()).get("report.html");
        int firstProblem = html.indexOf("class=\"problem error\"");
        assertThat(firstProblem).isPositive().isLessThan(html.indexOf("<svg"));
        assertThat(html.substring(firstProblem)).contains("Start K3s").contains("What to do:")
                .contains("Restart the gateway, then install again.");
    }

    @Test
    void maskingIsConsistentAcrossEntries() throws Exception {
        ExportResult result = export(true);

        Map<String, String> entries = entries(result.file());
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            assertThat(entry.getValue()).as(entry.getKey()).doesNotContain(GATEWAY).doesNotContain("central.test");
        }
        String mask = single(entries.get("laptop/outpost.log"), GATEWAY_MASK);
        assertThat(entries.get("laptop/install-run.jsonl")).contains(mask);
        assertThat(entries.get("report.json")).contains("\"gatewayAddress\" : \"" + mask + "\"");
        assertThat(entries.get("report.html")).contains(mask);
        String centralMask = single(entries.get("site/enrollment.json"), Pattern.compile(
                "https://(\\[host-[0-9]+\\]):6443"));
        assertThat(entries.get("report.json")).doesNotContain("central.test");
        assertThat(centralMask).startsWith("[host-");
        assertThat(result.redactions()).containsKey(RedactionKind.ADDRESS);
        assertThat(DiagnosticsFile.read(result.file()).addressesMasked()).isTrue();
    }

    private static final Pattern GATEWAY_MASK = Pattern.compile("Connected to (\\[address-[0-9]+\\]) as tech");

    private static String single(String text, Pattern pattern) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in the text", pattern).isTrue();
        return matcher.group(1);
    }

    @Test
    void invalidHeadOfficePatternStopsBeforeWriting() throws Exception {
        Files.writeString(directories.data().resolve(HeadOfficePatterns.FILE_NAME), "([unclosed\n");

        assertThatThrownBy(() -> export(false)).isInstanceOf(DiagnosticsException.class)
                .hasMessageContaining("line 1 of").hasMessageContaining("not a valid regular expression");
        assertThat(home.resolve("out").resolve("diagnostics.zip")).doesNotExist();
    }

    @Test
    void folderAsTargetIsRejected() throws Exception {
        Files.createDirectories(home.resolve("out").resolve("diagnostics.zip"));

        assertThatThrownBy(() -> export(false)).isInstanceOf(DiagnosticsException.class)
                .hasMessageContaining("is a folder").hasMessageContaining("Choose a file name");
    }

    @Test
    void emptyLaptopStillExports() throws Exception {
        AppDirectories empty = new AppDirectories(home.resolve("empty-data"), home.resolve("empty-logs"));

        ExportResult result = new DiagnosticsExport(null, Clock.systemUTC(), "0.1.0-test")
                .write(DiagnosticsRequest.laptopOnly(empty, "No gateway was named."), home.resolve("e.zip"));

        DiagnosticsSummary summary = DiagnosticsFile.read(result.file());
        assertThat(summary.state()).isEqualTo("attention");
        assertThat(summary.notCollected()).anyMatch(n -> n.startsWith("Outpost's log on this laptop"));
        assertThat(summary.steps()).isEmpty();
    }

    @Test
    void showRejectsFilesThatAreNotExports() throws Exception {
        Path text = Files.writeString(home.resolve("notes.zip"), "not a zip");
        Path noReport = zip("other.zip", Map.of("readme.txt", "hello"));
        Path damaged = zip("damaged.zip", Map.of("report.json", "{\"schemaVersion\": 1, "));
        Path newer = zip("newer.zip", Map.of("report.json", "{\"schemaVersion\":99,\"kind\":\"outpost.diagnostics\"}"));
        Path foreign = zip("foreign.zip", Map.of("report.json", "{\"schemaVersion\":1,\"kind\":\"something\"}"));
        Path unversioned = zip("unversioned.zip", Map.of("report.json", "{\"kind\":\"outpost.diagnostics\"}"));
        Path huge = zip("huge.zip", Map.of("report.json", "{\"pad\":\"" + "x".repeat(
                DiagnosticsFile.MAX_REPORT_BYTES) + "\"}"));

        assertThatThrownBy(() -> DiagnosticsFile.read(text)).hasMessageContaining("is not a zip file");
        assertThatThrownBy(() -> DiagnosticsFile.read(noReport)).hasMessageContaining("has no report.json");
        assertThatThrownBy(() -> DiagnosticsFile.read(damaged)).hasMessageContaining("damaged");
        assertThatThrownBy(() -> DiagnosticsFile.read(newer)).hasMessageContaining("newer Outpost")
                .hasMessageContaining("format 99");
        assertThatThrownBy(() -> DiagnosticsFile.read(foreign)).hasMessageContaining("not an Outpost diagnostics");
        assertThatThrownBy(() -> DiagnosticsFile.read(unversioned)).hasMessageContaining("no format version");
        assertThatThrownBy(() -> DiagnosticsFile.read(huge)).hasMessageContaining("larger than 16 MB");
        assertThatThrownBy(() -> DiagnosticsFile.read(home.resolve("missing.zip"))).hasMessageContaining(
                "does not exist");
        assertThatThrownBy(() -> DiagnosticsFile.read(home)).hasMessageContaining("is a folder");
    }

    private Path zip(String name, Map<String, String> entries) throws IOException {
        Path file = home.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }
}
