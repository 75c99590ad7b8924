package dev.outpost.engine.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.engine.cluster.ClusterAccess;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.install.GatewayPaths;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.engine.session.ReportJson;
import dev.outpost.engine.session.SessionListener;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one diagnostics export: a zip with {@code report.html}, {@code report.json} (described in
 * {@code docs/diagnostics-format.md}) and the collected files, every one of them redacted before any byte is
 * written. What cannot be collected, such as everything on a gateway that is gone, is listed with the reason, and
 * the rest is still written.
 *
 * <p>{@link #write} blocks: with a gateway it costs a handful of round trips and the cluster's API calls. One
 * instance can serve several exports, one after another or at once.
 */
public final class DiagnosticsExport {

    public static final String REPORT_HTML = "report.html";
    public static final String REPORT_JSON = "report.json";

    private static final Logger log = LoggerFactory.getLogger(DiagnosticsExport.class);
    private static final Pattern MANIFEST_TOKEN = Pattern.compile("(?m)\\btoken:\\s*\"?([^\"\\s]+)\"?");

    private final Preflight preflight;
    private final Clock clock;
    private final String outpostVersion;

    /**
     * @param preflight      gathers the gateway's facts and runs the checks when a gateway is connected
     * @param outpostVersion the version this report names, such as {@code 0.1.0}
     */
    public DiagnosticsExport(Preflight preflight, Clock clock, String outpostVersion) {
        this.preflight = preflight;
        this.clock = clock;
        this.outpostVersion = outpostVersion;
    }

    /**
     * Collects, redacts and writes the export to {@code target}, replacing it. The file appears only once it is
     * complete. Blocks.
     *
     * @throws DiagnosticsException when head office's patterns are unusable or the file cannot be written; the
     *                              message says what to do
     */
    public ExportResult write(DiagnosticsRequest request, Path target) throws DiagnosticsException {
        long started = System.nanoTime();
        Redactor redactor = redactor(request);
        Collected collected = new Collected(mapper());

        collectLaptop(request, collected);
        collectGateway(request, collected);
        collectEnrollment(request.enrollment(), collected);
        collected.json("instruments", "instruments.json", instruments(collected.mapper), null);

        ObjectNode report = new ReportTree(collected, request, clock.instant(), outpostVersion).build();
        Map<String, byte[]> entries;
        try {
            entries = redact(collected, report, redactor);
        } catch (HeadOfficePatterns.TooSlowException e) {
            throw new DiagnosticsException(e.getMessage(), e);
        }
        writeZip(target, entries);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        log.info("Diagnostics written to {} in {} ms: {} entries.", target, elapsed.toMillis(), entries.size());
        return new ExportResult(target, report.path("summary").path("headline").asText(), collected.notCollected(),
                redactor.counts(), List.copyOf(entries.keySet()), elapsed);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private Redactor redactor(DiagnosticsRequest request) throws DiagnosticsException {
        HeadOfficePatterns patterns;
        try {
            patterns = HeadOfficePatterns.load(request.directories().data(), request.extraPatterns());
        } catch (IllegalArgumentException e) {
            throw new DiagnosticsException(e.getMessage(), e);
        } catch (IOException e) {
            throw new DiagnosticsException("Head office's redaction patterns in " + request.directories().data()
                    .resolve(HeadOfficePatterns.FILE_NAME) + " could not be read (" + e.getMessage() + "). Check"
                    + " the file's permissions, then save the diagnostics again.", e);
        }
        AddressMasker masker = null;
        if (request.maskAddresses()) {
            masker = new AddressMasker();
            masker.addHostName(request.gatewayHost());
        }
        Redactor redactor = new Redactor(patterns, masker);
        request.knownSecrets().forEach(s -> redactor.addKnownSecret(s.value(), s.kind()));
        addEnrollmentSecrets(request.enrollment(), redactor);
        return redactor;
    }

    /** Adds the enrollment's secrets by value: the service mirror token, the registration token and the issuer key. */
    static void addEnrollmentSecrets(SiteEnrollment enrollment, Redactor redactor) {
        if (enrollment == null) {
            return;
        }
        if (enrollment.link() != null) {
            redactor.addKnownSecret(enrollment.link().serviceMirrorToken(), RedactionKind.ENROLLMENT_SECRET);
        }
        if (enrollment.issuerKey() != null) {
            redactor.addKnownSecret(enrollment.issuerKey().pem(), RedactionKind.ENROLLMENT_SECRET);
        }
        if (enrollment.rancher() != null && enrollment.rancher().manifestYaml() != null) {
            Matcher token = MANIFEST_TOKEN.matcher(enrollment.rancher().manifestYaml());
            while (token.find()) {
                String value = token.group(1);
                redactor.addKnownSecret(value, RedactionKind.ENROLLMENT_SECRET);
                decodedBase64(value).ifPresent(v -> redactor.addKnownSecret(v, RedactionKind.ENROLLMENT_SECRET));
            }
        }
    }

    private static java.util.Optional<String> decodedBase64(String value) {
        try {
            String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            return decoded.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? java.util.Optional.of(decoded)
                    : java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private void collectLaptop(DiagnosticsRequest request, Collected collected) {
        Path logs = request.directories().logs();
        Path journals = request.directories().installJournals();
        try {
            var log = LaptopFiles.tail(logs.resolve(LaptopFiles.LOG_NAME), LaptopFiles.LOG_LIMIT);
            if (log.isPresent()) {
                collected.text("Outpost's log on this laptop", "laptop/outpost.log", log.get().text(),
                        log.get().truncated());
            } else {
                collected.missing("Outpost's log on this laptop", "laptop/outpost.log", "There is no log file in "
                        + logs + " yet.");
            }
        } catch (IOException e) {
            collected.missing("Outpost's log on this laptop", "laptop/outpost.log", "The log could not be read ("
                    + e.getMessage() + ").");
        }
        try {
            var record = LaptopFiles.runRecord(journals, request.gatewayHost(), request.gatewayPort());
            if (record.isPresent()) {
                var text = LaptopFiles.tail(record.get(), LaptopFiles.RECORD_LIMIT).orElseThrow();
                collected.text("the latest install run's events", "laptop/install-run.jsonl", text.text(),
                        text.truncated());
                collected.timeline = Timeline.parse(text.text());
            } else {
                collected.missing("the latest install run's events", "laptop/install-run.jsonl", "No install ran"
                        + " from this laptop" + (request.gatewayHost() == null ? "." : " against this gateway."));
            }
            var journal = LaptopFiles.journalCopy(journals, request.gatewayHost(), request.gatewayPort());
            if (journal.isPresent()) {
                var text = LaptopFiles.tail(journal.get(), LaptopFiles.RECORD_LIMIT).orElseThrow();
                collected.text("the laptop's copy of the install journal", "laptop/install-journal.json",
                        text.text(), text.truncated());
            } else {
                collected.missing("the laptop's copy of the install journal", "laptop/install-journal.json",
                        "This laptop has no copy: no install step finished from it.");
            }
        } catch (IOException e) {
            collected.missing("the install records on this laptop", "laptop/", "They could not be read ("
                    + e.getMessage() + ").");
        }
    }

    private void collectGateway(DiagnosticsRequest request, Collected collected) {
        GatewaySession session = request.session();
        String away = request.gatewayMissingReason() == null ? "No gateway was connected."
                : request.gatewayMissingReason();
        PreflightReport checks = request.lastChecks();
        if (session != null && preflight != null) {
            try {
                checks = preflight.check(session, SessionListener.NONE);
            } catch (GatewayException e) {
                away = "The gateway stopped answering while its facts were gathered: " + e.getMessage();
                session = null;
            }
        }
        if (checks != null) {
            ObjectNode tree = new ReportJson().toTree(checks);
            collected.facts = checks;
            collected.json("gateway facts", "gateway/facts.json", tree.get("facts"),
                    session == null ? "from the checks of " + checks.startedAt() + ", because " + lower(away) : null);
            collected.json("check results", "gateway/checks.json", tree, null);
        } else {
            collected.missing("gateway facts", "gateway/facts.json", away);
            collected.missing("check results", "gateway/checks.json", away);
        }
        if (session == null) {
            for (GatewayLogs.Part part : GatewayLogs.PARTS) {
                collected.missing("the gateway's " + part.name(), part.entry(), away);
            }
            collected.missing("the cluster snapshot", "cluster/snapshot.json", away);
            collected.gatewayReachable = false;
            collected.gatewayAway = away;
            return;
        }
        collected.gatewayReachable = true;
        collectGatewayLogs(session, collected);
        collectCluster(session, collected);
    }

    private static void collectGatewayLogs(GatewaySession session, Collected collected) {
        try {
            for (var output : GatewayLogs.read(session).entrySet()) {
                GatewayLogs.Part part = output.getKey();
                GatewayLogs.Output result = output.getValue();
                if (result.exitCode() == 0 || !result.text().isBlank() && part.entry().endsWith(".log")) {
                    collected.text("the gateway's " + part.name(), part.entry(), result.text(), result.truncated());
                    if (result.exitCode() != 0) {
                        collected.noteLast("the command exited with " + result.exitCode());
                    }
                } else {
                    collected.missing("the gateway's " + part.name(), part.entry(), reason(part, result));
                }
            }
        } catch (GatewayException e) {
            for (GatewayLogs.Part part : GatewayLogs.PARTS) {
                collected.missing("the gateway's " + part.name(), part.entry(), "The gateway did not answer: "
                        + e.getMessage());
            }
        }
    }

    private static String reason(GatewayLogs.Part part, GatewayLogs.Output result) {
        String first = result.text().lines().findFirst().orElse("").strip();
        if (first.contains("No such file")) {
            return "It does not exist on the gateway.";
        }
        return "The command exited with " + result.exitCode() + (first.isEmpty() ? "." : ": " + first);
    }

    private void collectCluster(GatewaySession session, Collected collected) {
        try (ClusterAccess cluster = ClusterAccess.open(session, GatewayPaths.KUBECONFIG)) {
            ClusterSnapshot snapshot = new ClusterSnapshot(cluster.client(), collected.mapper);
            ObjectNode tree = snapshot.take();
            collected.secretValuesLeftOut = snapshot.secretValuesLeftOut();
            collected.cluster = tree;
            collected.json("the cluster snapshot", "cluster/snapshot.json", tree,
                    snapshot.problems().isEmpty() ? null : String.join(" ", snapshot.problems()));
        } catch (GatewayException | ClusterException e) {
            collected.missing("the cluster snapshot", "cluster/snapshot.json", e.getMessage());
        } catch (KubernetesClientException e) {
            collected.missing("the cluster snapshot", "cluster/snapshot.json", "The cluster's API did not answer"
                    + " (HTTP " + e.getCode() + ").");
        }
    }

    private static void collectEnrollment(SiteEnrollment enrollment, Collected collected) {
        if (enrollment == null) {
            collected.missing("the site enrollment", "site/enrollment.json", "No enrollment file was opened.");
            return;
        }
        ObjectNode tree = collected.mapper.createObjectNode();
        tree.put("schemaVersion", enrollment.schemaVersion());
        tree.put("siteId", enrollment.siteId());
        tree.put("displayName", enrollment.displayName());
        ObjectNode labels = tree.putObject("labels");
        enrollment.labels().forEach(labels::put);
        tree.put("centralCluster", enrollment.centralClusterName());
        if (enrollment.link() != null) {
            tree.put("centralApiServer", enrollment.link().apiServerUrl());
            tree.put("centralGateway", enrollment.link().gatewayAddress() + ":" + enrollment.link().gatewayPort());
        }
        if (enrollment.rancher() != null) {
            tree.put("rancherServer", enrollment.rancher().serverUrl());
        }
        tree.put("issuedAt", String.valueOf(enrollment.issuedAt()));
        tree.put("expiresAt", String.valueOf(enrollment.expiresAt()));
        tree.put("note", "The enrollment's tokens, Rancher manifest and issuer key are left out.");
        collected.enrollment = enrollment;
        collected.json("the site enrollment (without its secrets)", "site/enrollment.json", tree, null);
    }

    /**
     * The instrument inventory's entry. NOTE: Outpost does not detect instruments yet, so the entry states that and
     * lists none; once serial discovery lands, its inventory fills {@code items} in this shape.
     */
    private static ObjectNode instruments(ObjectMapper mapper) {
        ObjectNode tree = mapper.createObjectNode();
        tree.put("collected", false);
        tree.put("reason", "This version of Outpost does not detect instruments yet, so none were collected.");
        tree.putArray("items");
        return tree;
    }

    private static String lower(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    /** Redacts every entry and the report, then renders the report; nothing unredacted leaves this method. */
    private static Map<String, byte[]> redact(Collected collected, ObjectNode report, Redactor redactor) {
        for (Collected.Entry entry : collected.entries) {
            redactor.learn(entry.text != null ? entry.text : entry.json.toString());
        }
        redactor.learn(report.toString());
        if (collected.facts != null && collected.facts.facts() != null && redactor.masksAddresses()) {
            redactor.learn("ssh://" + collected.facts.facts().hostname());
        }
        Map<String, byte[]> scrubbed = new LinkedHashMap<>();
        scrubbed.put(REPORT_HTML, new byte[0]);
        scrubbed.put(REPORT_JSON, new byte[0]);
        for (Collected.Entry entry : collected.entries) {
            String text = entry.text != null ? redactor.scrub(entry.text)
                    : write(collected.mapper, redactor.scrub(entry.json));
            scrubbed.put(entry.name, text.getBytes(StandardCharsets.UTF_8));
        }
        redactor.scrub(report);
        redactor.countLeftOut(RedactionKind.SECRET_DATA, collected.secretValuesLeftOut);
        ArrayNode redactions = report.putArray("redactions");
        redactor.counts().forEach((kind, count) -> redactions.addObject().put("kind", kind.id())
                .put("description", kind.description()).put("count", count));
        report.put("addressesMasked", redactor.masksAddresses());
        scrubbed.put(REDACTIONS_ENTRY, write(collected.mapper, redactions).getBytes(StandardCharsets.UTF_8));
        scrubbed.put(REPORT_JSON, write(collected.mapper, report).getBytes(StandardCharsets.UTF_8));
        scrubbed.put(REPORT_HTML, new ReportHtml(report).render().getBytes(StandardCharsets.UTF_8));
        return scrubbed;
    }

    static final String REDACTIONS_ENTRY = "redactions.json";

    private static String write(ObjectMapper mapper, JsonNode tree) {
        try {
            return mapper.writeValueAsString(tree) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A diagnostics entry could not be written as JSON.", e);
        }
    }

    private static void writeZip(Path target, Map<String, byte[]> entries) throws DiagnosticsException {
        Path folder = target.toAbsolutePath().getParent();
        Path partial = null;
        try {
            if (Files.isDirectory(target)) {
                throw new DiagnosticsException("The diagnostics file " + target + " is a folder. Choose a file name,"
                        + " such as outpost-diagnostics.zip.");
            }
            Files.createDirectories(folder);
            partial = Files.createTempFile(folder, ".outpost-diagnostics-", ".partial");
            try (OutputStream file = Files.newOutputStream(partial);
                 ZipOutputStream zip = new ZipOutputStream(file, StandardCharsets.UTF_8)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(entry.getKey()));
                    zip.write(entry.getValue());
                    zip.closeEntry();
                }
            }
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DiagnosticsException("The diagnostics file " + target + " could not be written (" + e
                    .getMessage() + "). Choose a folder you can write to with enough free space, then save again.",
                    e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    log.warn("The unfinished diagnostics file {} could not be removed.", partial, e);
                }
            }
        }
    }

    /** Everything collected for one export, before redaction. Used on the exporting thread only. */
    static final class Collected {

        /** One entry of the zip: text or a JSON tree. */
        static final class Entry {
            final String name;
            final String text;
            final JsonNode json;

            Entry(String name, String text, JsonNode json) {
                this.name = name;
                this.text = text;
                this.json = json;
            }
        }

        /**
         * One line of the report's collection list.
         *
         * @param note why it is missing or what to know about it, or {@code null}
         */
        record Item(String item, String entry, boolean collected, boolean truncated, String note) {
        }

        final ObjectMapper mapper;
        final List<Entry> entries = new ArrayList<>();
        final List<Item> items = new ArrayList<>();
        Timeline timeline = Timeline.empty();
        PreflightReport facts;
        ObjectNode cluster;
        SiteEnrollment enrollment;
        boolean gatewayReachable;
        String gatewayAway;
        int secretValuesLeftOut;

        Collected(ObjectMapper mapper) {
            this.mapper = mapper;
        }

        void text(String item, String name, String text, boolean truncated) {
            entries.add(new Entry(name, text, null));
            items.add(new Item(item, name, true, truncated, null));
        }

        void json(String item, String name, JsonNode tree, String note) {
            entries.add(new Entry(name, null, tree));
            items.add(new Item(item, name, true, false, note));
        }

        void missing(String item, String name, String reason) {
            items.add(new Item(item, name, false, false, reason));
        }

        void noteLast(String note) {
            Item last = items.remove(items.size() - 1);
            items.add(new Item(last.item(), last.entry(), true, last.truncated(), note));
        }

        List<String> notCollected() {
            return items.stream().filter(i -> !i.collected())
                    .map(i -> "Not collected: " + i.item() + ". " + i.note()).toList();
        }
    }
}
