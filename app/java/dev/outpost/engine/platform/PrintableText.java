package dev.outpost.engine.platform;

/**
 * Escapes control characters in text that came from outside, such as archive entry names or a gateway's output,
 * before it reaches a terminal, a log line or a message. An escape sequence printed raw could move the cursor, rewrite
 * what a person reads or forge a log line.
 */
public final class PrintableText {

    private PrintableText() {
    }

    /** Returns the text with every control character, line breaks and tabs included, written as {@code \\uXXXX}. */
    public static String escapeControls(String text) {
        return escape(text, false);
    }

    /** Returns the text with every control character except line breaks and tabs written as {@code \\uXXXX}. */
    public static String escapeControlsKeepingLines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null || text.codePoints().noneMatch(c -> isEscaped(c, keepLines))) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (isEscaped(c, keepLines)) {
                escaped.append(String.format("\\u%04X", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }

    private static boolean isEscaped(int c, boolean keepLines) {
        if (keepLines && (c == '\n' || c == '\r' || c == '\t')) {
            return false;
        }
        return Character.isISOControl(c);
    }
}
