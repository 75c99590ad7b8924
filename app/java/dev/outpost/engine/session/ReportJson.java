package dev.outpost.engine.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.engine.checks.CheckResult;

import java.io.IOException;
import java.util.Locale;

/**
 * Writes a {@link PreflightReport} as the versioned JSON document that {@code outpost check --json} prints. The
 * shape is documented in {@code docs/check-json.md}; a change that removes or renames a field raises
 * {@link #SCHEMA_VERSION}.
 */
public final class ReportJson {

    public static final int SCHEMA_VERSION = 1;

    private final ObjectMapper mapper = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.ALWAYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Enum.class, new LowerCaseEnumSerializer()));

    /** Builds the document's tree. */
    public ObjectNode toTree(PreflightReport report) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("kind", "outpost.preflight");
        root.put("startedAt", report.startedAt().toString());
        root.put("elapsedMillis", report.elapsed().toMillis());
        root.put("roundTrips", report.commandsRun());

        ObjectNode gateway = root.putObject("gateway");
        gateway.put("host", report.host());
        gateway.put("port", report.port());
        gateway.put("user", report.user());
        gateway.put("hostKeyAlgorithm", report.hostKey() == null ? null : report.hostKey().algorithm());
        gateway.put("hostKeyFingerprint", report.hostKey() == null ? null : report.hostKey().fingerprint());

        ObjectNode summary = root.putObject("summary");
        summary.put("ready", report.ready());
        summary.put("passed", report.count(CheckResult.Mark.PASS));
        summary.put("warnings", report.count(CheckResult.Mark.WARNING));
        summary.put("failed", report.count(CheckResult.Mark.FAIL));
        summary.put("info", report.count(CheckResult.Mark.INFO));
        summary.put("unknown", report.unknownCount());
        ArrayNode blockers = summary.putArray("blockers");
        report.blockers().forEach(r -> blockers.add(r.id()));

        ArrayNode checks = root.putArray("checks");
        for (CheckResult result : report.results()) {
            ObjectNode check = checks.addObject();
            check.put("id", result.id());
            check.put("severity", lower(result.severity()));
            check.put("status", lower(result.status()));
            check.put("mark", lower(result.mark()));
            check.put("title", result.title());
            check.put("explanation", result.explanation());
            check.put("fix", result.fix());
            check.put("observed", result.observed());
        }
        root.set("facts", mapper.valueToTree(report.facts()));
        return root;
    }

    /** Returns the document as indented text. */
    public String write(PreflightReport report) {
        try {
            return mapper.writeValueAsString(toTree(report));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("The report could not be written as JSON.", e);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Writes every enum in the facts as its lower-case name, as the rest of the document is written. */
    @SuppressWarnings("rawtypes")
    private static final class LowerCaseEnumSerializer extends StdSerializer<Enum> {

        LowerCaseEnumSerializer() {
            super(Enum.class);
        }

        @Override
        public void serialize(Enum value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(lower(value));
        }
    }
}
