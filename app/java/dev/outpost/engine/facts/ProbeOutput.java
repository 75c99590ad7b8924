package dev.outpost.engine.facts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe's printed output split into {@code key=value} lines and {@code @begin NAME} ... {@code @end NAME}
 * blocks. Lines that fit neither form are kept apart so an unexpected tool message never shifts a value.
 */
final class ProbeOutput {

    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Map<String, List<String>> blocks = new LinkedHashMap<>();
    private final List<String> strayLines = new ArrayList<>();

    static ProbeOutput parse(String text) {
        ProbeOutput output = new ProbeOutput();
        String openBlock = null;
        for (String line : text.split("\r?\n", -1)) {
            if (openBlock != null) {
                if (line.equals("@end " + openBlock)) {
                    openBlock = null;
                } else {
                    output.blocks.get(openBlock).add(line);
                }
            } else if (line.startsWith("@begin ")) {
                openBlock = line.substring("@begin ".length()).trim();
                output.blocks.put(openBlock, new ArrayList<>());
            } else if (line.indexOf('=') > 0 && !line.startsWith(" ")) {
                int split = line.indexOf('=');
                output.values.computeIfAbsent(line.substring(0, split), k -> new ArrayList<>())
                        .add(line.substring(split + 1).trim());
            } else if (!line.isBlank()) {
                output.strayLines.add(line);
            }
        }
        return output;
    }

    /** Returns the first value of the key, or {@code null} when the key is missing or empty. */
    String value(String key) {
        List<String> found = values.get(key);
        if (found == null || found.isEmpty() || found.get(0).isEmpty()) {
            return null;
        }
        return found.get(0);
    }

    List<String> allValues(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** Returns the block's lines without blank ones, or an empty list when the block is missing. */
    List<String> block(String name) {
        return blocks.getOrDefault(name, List.of()).stream().filter(line -> !line.isBlank()).toList();
    }

    List<String> strayLines() {
        return strayLines;
    }
}
