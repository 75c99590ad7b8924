package dev.outpost.engine.bundle;

import java.util.Optional;

/** Checks the relative paths that manifests and archive entries use, so nothing can name a place outside a bundle. */
final class BundlePaths {

    /** The longest path Outpost accepts inside a bundle. */
    static final int MAX_PATH_LENGTH = 1024;

    private BundlePaths() {
    }

    /**
     * Returns why the path is unsafe, or nothing when it is a plain relative path: no leading {@code /} or drive
     * letter, no backslash, no empty, {@code .} or {@code ..} segment, no control characters.
     */
    static Optional<String> problem(String path) {
        if (path.isEmpty()) {
            return Optional.of("has an empty path");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            return Optional.of("has a path longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            return Optional.of("has an absolute path");
        }
        if (path.indexOf('\\') >= 0 || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("has a backslash or control character in its path");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("has '..' in its path, which would point outside the bundle");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return Optional.of("has an empty or '.' segment in its path");
            }
        }
        return Optional.empty();
    }

    /** Strips the {@code ./} prefixes and the trailing {@code /} that tar tools write, leaving the rest unchanged. */
    static String trimTarName(String name) {
        String trimmed = name;
        while (trimmed.startsWith("./")) {
            trimmed = trimmed.substring(2);
        }
        while (trimmed.endsWith("/") && trimmed.length() > 1) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
