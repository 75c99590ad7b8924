package dev.outpost.engine.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes {@link InstallJournal} as versioned JSON. */
final class JournalJson {

    /** Thrown when a journal cannot be used; the message says what to do. */
    static final class UnusableJournal extends Exception {
        UnusableJournal(String message) {
            super(message);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(SerializationFeature.INDENT_OUTPUT);

    byte[] write(InstallJournal journal) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", InstallJournal.SCHEMA_VERSION);
        root.put("kind", InstallJournal.KIND);
        root.put("bundle", journal.bundle());
        root.put("site", journal.site());
        ArrayNode steps = root.putArray("steps");
        for (InstallJournal.Entry entry : journal.entries()) {
            ObjectNode step = steps.addObject();
            step.put("step", entry.step());
            step.put("inputs", entry.inputs());
            if (entry.target() != null) {
                step.put("target", entry.target());
            }
            step.put("finishedAt", entry.finishedAt().toString());
        }
        try {
            return (mapper.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A journal could not be written as JSON.", e);
        }
    }

    /**
     * Reads a journal.
     *
     * @throws UnusableJournal when the text is not a journal, or one written by a newer Outpost
     */
    InstallJournal read(String text) throws UnusableJournal {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UnusableJournal("The install journal is not valid JSON.");
        }
        if (root == null || !root.isObject() || !InstallJournal.KIND.equals(root.path("kind").asText())) {
            throw new UnusableJournal("The install journal is not an Outpost install journal.");
        }
        int version = root.path("schemaVersion").asInt(-1);
        if (version > InstallJournal.SCHEMA_VERSION) {
            throw new UnusableJournal("The gateway was installed by a newer Outpost (journal format " + version
                    + "). Use that Outpost version or a newer one.");
        }
        if (version != InstallJournal.SCHEMA_VERSION) {
            throw new UnusableJournal("The install journal has the unknown format " + version + ".");
        }
        List<InstallJournal.Entry> entries = new ArrayList<>();
        for (JsonNode step : root.path("steps")) {
            String id = step.path("step").asText(null);
            String inputs = step.path("inputs").asText(null);
            if (id == null || inputs == null) {
                throw new UnusableJournal("An entry of the install journal lacks its step or inputs.");
            }
            String target = step.hasNonNull("target") ? step.get("target").asText() : null;
            entries.add(new InstallJournal.Entry(id, inputs, target, instant(step.path("finishedAt").asText())));
        }
        return new InstallJournal(root.path("bundle").asText(null), root.path("site").asText(null), entries);
    }

    private static Instant instant(String text) throws UnusableJournal {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UnusableJournal("An entry of the install journal has the unreadable time '" + text + "'.");
        }
    }
}
