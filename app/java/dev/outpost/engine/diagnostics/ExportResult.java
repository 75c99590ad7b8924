package dev.outpost.engine.diagnostics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one export wrote.
 *
 * @param file         the zip file
 * @param headline     the report's one-line summary
 * @param notCollected what could not be collected, each as a sentence with the reason
 * @param redactions   how many things of each kind were redacted or masked
 * @param entries      the names of the zip's entries, in order
 * @param elapsed      how long the export took, collection included
 */
public record ExportResult(Path file, String headline, List<String> notCollected,
        Map<RedactionKind, Integer> redactions, List<String> entries, Duration elapsed) {

    public ExportResult {
        notCollected = List.copyOf(notCollected);
        redactions = Map.copyOf(redactions);
        entries = List.copyOf(entries);
    }
}
