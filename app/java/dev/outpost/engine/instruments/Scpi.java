package dev.outpost.engine.instruments;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The SCPI identification query {@code *IDN?} (IEEE 488.2) and its reply: manufacturer, model, serial number and
 * firmware revision, separated by commas. Real instruments deviate, so parsing is lenient: a leading {@code *IDN}
 * echo is dropped, and two to six printable fields are accepted.
 */
public final class Scpi {

    static final String QUERY = "*IDN?";
    static final int MAX_REPLY = 200;

    private Scpi() {
    }

    /**
     * An identification reply.
     *
     * @param manufacturer the first field
     * @param model        the second field
     * @param serialNumber the third field, or empty; {@code 0} means the instrument has none
     * @param firmware     the fourth field, or empty
     */
    public record Identity(String manufacturer, String model, String serialNumber, String firmware) {

        /** Returns the fields in one line, as the page shows them. */
        public String describe() {
            StringBuilder text = new StringBuilder(manufacturer).append(' ').append(model);
            if (!serialNumber.isEmpty() && !serialNumber.equals("0")) {
                text.append(", serial number ").append(serialNumber);
            }
            if (!firmware.isEmpty()) {
                text.append(", firmware ").append(firmware);
            }
            return text.toString();
        }
    }

    /** Returns the query followed by the line terminator. */
    public static byte[] query(String terminator) {
        return (QUERY + terminator).getBytes(StandardCharsets.US_ASCII);
    }

    /** True once a line ended in the bytes, or more arrived than a reply has. */
    public static boolean isComplete(byte[] received) {
        if (received.length > MAX_REPLY) {
            return true;
        }
        for (byte b : received) {
            if (b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    /** Parses a reply; nothing when the bytes are the query echoed back or not an identification. */
    public static Optional<Identity> parse(byte[] sent, byte[] received) {
        String text = new String(received, StandardCharsets.ISO_8859_1);
        String query = new String(sent, StandardCharsets.ISO_8859_1).strip();
        String line = text.strip();
        if (line.startsWith(query)) {
            line = line.substring(query.length()).strip();
        }
        int end = firstLineEnd(line);
        if (end >= 0) {
            line = line.substring(0, end).strip();
        }
        if (line.regionMatches(true, 0, "*IDN", 0, 4)) {
            line = line.substring(4).strip();
        }
        if (line.isEmpty() || !line.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            return Optional.empty();
        }
        List<String> fields = Arrays.stream(line.split(",", -1)).map(String::strip).toList();
        if (fields.size() < 2 || fields.size() > 6 || fields.get(0).isEmpty() || fields.get(1).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Identity(fields.get(0), fields.get(1), field(fields, 2), field(fields, 3)));
    }

    private static int firstLineEnd(String text) {
        int lf = text.indexOf('\n');
        int cr = text.indexOf('\r');
        if (lf < 0) {
            return cr;
        }
        return cr < 0 ? lf : Math.min(lf, cr);
    }

    private static String field(List<String> fields, int index) {
        return index < fields.size() ? fields.get(index) : "";
    }
}
