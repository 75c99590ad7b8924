package dev.outpost.engine.diagnostics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a diagnostics export for head office: its {@code report.json}, checked for its kind and format version. A
 * file from a newer Outpost is rejected with a clear message rather than misread. Only {@code report.json} is read,
 * and at most {@link #MAX_REPORT_BYTES} of it, whatever the zip claims.
 */
public final class DiagnosticsFile {

    static final int MAX_REPORT_BYTES = 16 * 1024 * 1024;

    private DiagnosticsFile() {
    }

    /**
     * Reads the export's summary. Blocks while the file is read.
     *
     * @throws DiagnosticsException when the file is missing, not a zip, has no report, or the report is damaged or
     *                              from a newer Outpost. The message gives the next action
     */
    public static DiagnosticsSummary read(Path file) throws DiagnosticsException {
        JsonNode report = report(file);
        if (!ReportTree.KIND.equals(report.path("kind").asText())) {
            throw new DiagnosticsException("The report in " + file + " is not an Outpost diagnostics report. Ask"
                    + " the site for the file Outpost saved with Save diagnostics.");
        }
        JsonNode version = report.path("schemaVersion");
        if (!version.canConvertToInt()) {
            throw new DiagnosticsException("The report in " + file + " has no format version. Ask the site to save"
                    + " the diagnostics again.");
        }
        if (version.asInt() > ReportTree.SCHEMA_VERSION) {
            throw new DiagnosticsException("The diagnostics file " + file + " was written by a newer Outpost (report"
                    + " format " + version.asInt() + "; this Outpost reads format " + ReportTree.SCHEMA_VERSION
                    + "). Open it with a newer Outpost, or open report.html inside it in a browser.");
        }
        if (version.asInt() < 1) {
            throw new DiagnosticsException("The report in " + file + " has the unknown format " + version.asInt()
                    + ". Ask the site to save the diagnostics again.");
        }
        return summary(report);
    }

    private static JsonNode report(Path file) throws DiagnosticsException {
        if (Files.isDirectory(file)) {
            throw new DiagnosticsException(file + " is a folder. Choose the diagnostics file (.zip) itself.");
        }
        try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
            ZipEntry entry = zip.getEntry(DiagnosticsExport.REPORT_JSON);
            if (entry == null || entry.isDirectory()) {
                throw new DiagnosticsException("The file " + file + " has no " + DiagnosticsExport.REPORT_JSON
                        + ", so it is not an Outpost diagnostics file. Ask the site for the file Outpost saved.");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readNBytes(MAX_REPORT_BYTES + 1);
            }
            if (bytes.length > MAX_REPORT_BYTES) {
                throw new DiagnosticsException("The report in " + file + " is larger than "
                        + MAX_REPORT_BYTES / (1024 * 1024) + " MB, which no Outpost writes. Ask the site to save the"
                        + " diagnostics again.");
            }
            JsonNode tree = new ObjectMapper().readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw new DiagnosticsException("The report in " + file + " is not a JSON object. Ask the site to"
                        + " save the diagnostics again.");
            }
            return tree;
        } catch (NoSuchFileException e) {
            throw new DiagnosticsException("The diagnostics file " + file + " does not exist. Check the name and"
                    + " folder.", e);
        } catch (ZipException e) {
            throw new DiagnosticsException("The file " + file + " is not a zip file, so it is not an Outpost"
                    + " diagnostics file, or it was damaged on the way. Ask the site to send it again.", e);
        } catch (JsonProcessingException e) {
            throw new DiagnosticsException("The report in " + file + " is damaged (not valid JSON). Ask the site"
                    + " to send the file again.", e);
        } catch (IOException e) {
            throw new DiagnosticsException("The diagnostics file " + file + " could not be read (" + e.getMessage()
                    + "). Check that it is complete and readable.", e);
        }
    }

    private static DiagnosticsSummary summary(JsonNode report) {
        JsonNode site = report.path("site");
        List<DiagnosticsSummary.Fact> facts = new ArrayList<>();
        fact(facts, "Site", site.path("displayName"));
        fact(facts, "Site id", site.path("siteId"));
        fact(facts, "Gateway", site.path("gatewayAddress"));
        fact(facts, "Gateway host name", site.path("gatewayHostName"));
        fact(facts, "Operating system", site.path("operatingSystem"));
        fact(facts, "Central cluster", site.path("centralCluster"));
        List<DiagnosticsSummary.Problem> problems = new ArrayList<>();
        for (JsonNode p : report.path("problems")) {
            problems.add(new DiagnosticsSummary.Problem(p.path("severity").asText(), p.path("title").asText(),
                    p.path("what").asText(""), p.hasNonNull("fix") ? p.path("fix").asText() : null));
        }
        List<DiagnosticsSummary.Step> steps = new ArrayList<>();
        for (JsonNode s : report.path("timeline").path("steps")) {
            steps.add(new DiagnosticsSummary.Step(s.path("title").asText(), s.path("outcome").asText(),
                    s.path("durationMillis").asLong(-1), s.path("message").asText(null)));
        }
        List<DiagnosticsSummary.Check> checks = new ArrayList<>();
        for (JsonNode c : report.path("checks")) {
            checks.add(new DiagnosticsSummary.Check(c.path("mark").asText(), c.path("title").asText(),
                    c.path("explanation").asText(""), c.hasNonNull("fix") ? c.path("fix").asText() : null));
        }
        List<String> missing = new ArrayList<>();
        for (JsonNode item : report.path("collection")) {
            if (!item.path("collected").asBoolean(true)) {
                missing.add(item.path("item").asText() + ": " + item.path("note").asText(""));
            }
        }
        List<DiagnosticsSummary.Redaction> redactions = new ArrayList<>();
        for (JsonNode r : report.path("redactions")) {
            redactions.add(new DiagnosticsSummary.Redaction(r.path("description").asText(), r.path("count").asInt()));
        }
        JsonNode summary = report.path("summary");
        return new DiagnosticsSummary(report.path("createdAt").asText(), report.path("outpostVersion").asText(),
                summary.path("state").asText("unknown"), summary.path("headline").asText(""), facts, problems,
                steps, checks, missing, redactions, report.path("addressesMasked").asBoolean());
    }

    private static void fact(List<DiagnosticsSummary.Fact> facts, String label, JsonNode value) {
        if (value.isTextual() && !value.asText().isBlank()) {
            facts.add(new DiagnosticsSummary.Fact(label, value.asText()));
        }
    }
}
