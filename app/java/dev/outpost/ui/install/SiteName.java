package dev.outpost.ui.install;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for a site's name, which becomes the gateway's Kubernetes node name and the value of its
 * {@code outpost.dev/site} label, so it obeys the rules of both. A node name is a DNS subdomain: lower-case letters,
 * digits, '-' and '.', up to 253 characters. A label value has at most 63 characters and starts and ends with a
 * letter or digit (Kubernetes user guide, "Labels", syntax and character set).
 */
final class SiteName {

    static final int MAX_LENGTH = 63;

    static final String MISSING = "Type a name for this site, for example store-0042.";
    static final String TOO_LONG = "The site name has %d characters. Shorten it to at most " + MAX_LENGTH + ".";
    static final String UPPER_CASE = "Use lower-case letters only, for example %s.";
    static final String INVALID_CHARACTER = "The site name cannot contain %s. Use only lower-case letters, digits,"
            + " '-' and '.'.";
    static final String BAD_EDGE = "The site name, and each part of it between dots, must start and end with a"
            + " letter or a digit.";

    /** One part between dots: lower-case letters, digits and '-', starting and ending with a letter or digit. */
    private static final String PART = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern VALID = Pattern.compile(PART + "(\\." + PART + ")*");
    private static final Pattern OTHER_CHARACTERS = Pattern.compile("[^a-z0-9.-]+");
    private static final Pattern SEPARATORS_AT_EDGES = Pattern.compile("^[.-]+|[.-]+$");

    private SiteName() {
    }

    /** Returns the sentence that explains what is wrong with the name, or {@code null} when it is valid. */
    static String problem(String name) {
        String text = name == null ? "" : name.strip();
        if (text.isEmpty()) {
            return MISSING;
        }
        if (text.length() > MAX_LENGTH) {
            return String.format(TOO_LONG, text.length());
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isAllowed(text.charAt(i))) {
                return String.format(INVALID_CHARACTER, describe(text.charAt(i)));
            }
        }
        String lowerCase = text.toLowerCase(Locale.ROOT);
        if (!VALID.matcher(lowerCase).matches()) {
            return BAD_EDGE;
        }
        return lowerCase.equals(text) ? null : String.format(UPPER_CASE, lowerCase);
    }

    /**
     * Returns a valid site name made from the gateway's host name, or an empty string when none can be made. Upper
     * case is lowered, runs of other characters become one '-', and separators at the ends are dropped.
     */
    static String suggestion(String hostname) {
        if (hostname == null) {
            return "";
        }
        String name = OTHER_CHARACTERS.matcher(hostname.strip().toLowerCase(Locale.ROOT)).replaceAll("-");
        name = SEPARATORS_AT_EDGES.matcher(name).replaceAll("");
        if (name.length() > MAX_LENGTH) {
            name = SEPARATORS_AT_EDGES.matcher(name.substring(0, MAX_LENGTH)).replaceAll("");
        }
        return problem(name) == null ? name : "";
    }

    /** Returns whether the character is allowed once lowered: only ASCII letters, digits, '-' and '.' are. */
    private static boolean isAllowed(char character) {
        if (character > 127) {
            return false;
        }
        char lowered = Character.toLowerCase(character);
        return (lowered >= 'a' && lowered <= 'z') || (lowered >= '0' && lowered <= '9') || lowered == '-'
                || lowered == '.';
    }

    private static String describe(char character) {
        if (Character.isWhitespace(character)) {
            return "spaces";
        }
        return "'" + character + "'";
    }
}
