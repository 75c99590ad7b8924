package dev.outpost.engine.bundle;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A K3s release's own checksum list ({@code sha256sum-<arch>.txt}), in the format {@code sha256sum} writes: one
 * {@code <64 hex digits> <space> <space or *> <file name>} line per file.
 */
final class ReleaseChecksums {

    /** The largest checksum list Outpost reads; the real ones are a few hundred bytes. */
    static final int MAX_BYTES = 1024 * 1024;

    private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]{64}) [ *](?:\\./)?(.+)$");

    private final Map<String, String> byName;

    private ReleaseChecksums(Map<String, String> byName) {
        this.byName = byName;
    }

    /** Parses the list, skipping lines that are not checksum lines. */
    static ReleaseChecksums parse(byte[] bytes) {
        Map<String, String> byName = new HashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.matches()) {
                byName.put(matcher.group(2).trim(), matcher.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return new ReleaseChecksums(byName);
    }

    /** Returns the SHA-256 the list gives for this file name. */
    Optional<String> sha256(String fileName) {
        return Optional.ofNullable(byName.get(fileName));
    }
}
