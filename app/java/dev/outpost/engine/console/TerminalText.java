package dev.outpost.engine.console;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Turns the bytes a console sends into plain text, and measures how much of it is unreadable. */
final class TerminalText {

    /** CSI sequences such as bracketed-paste switches ({@code ESC [?2004h}) and colours, and OSC titles. */
    private static final Pattern ESCAPES = Pattern.compile("\u001b\\[[0-9;?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*"
            + "(?:\u0007|\u001b\\\\)|\u001b[()][0-9A-Za-z]|\u001b[=>78cDEHM]");

    private TerminalText() {
    }

    /**
     * Removes escape sequences, turns line endings into {@code \n} and every other control character or
     * undecodable byte into {@code �}.
     */
    static String clean(byte[] bytes) {
        String text = ESCAPES.matcher(new String(bytes, StandardCharsets.UTF_8)).replaceAll("");
        StringBuilder cleaned = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t' || c == '\uFFFD') {
                cleaned.append(c);
            } else if (c == '\r' || c == '\u0007' || c == '\b' || c == '\0') {
                continue;
            } else if (Character.isISOControl(c)) {
                cleaned.append('\uFFFD');
            } else {
                cleaned.append(c);
            }
        }
        return cleaned.toString();
    }

    /**
     * Returns whether the bytes look like a wrong line speed: at least a few bytes, and more than a quarter of them
     * neither printable ASCII, line endings, tabs, escapes nor part of valid UTF-8 text.
     */
    static boolean isGarbled(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int unreadable = 0;
        int counted = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            counted++;
            boolean readable = c == '\n' || c == '\r' || c == '\t' || c == '\u001b' || c == '\b' || c == '\u0007'
                    || (c >= 0x20 && c < 0x7f) || (c > 0xa0 && c != '\uFFFD' && !Character.isISOControl(c));
            if (!readable) {
                unreadable++;
            }
        }
        return counted >= 4 && unreadable * 4 > counted;
    }
}
