package dev.outpost.engine.instruments;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds NMEA 0183 sentences in bytes read from a line: {@code $} or {@code !}, up to 79 printable characters,
 * {@code *}, two hex digits of the XOR of the characters in between, then CR LF. Only sentences whose checksum is
 * right count; a sentence cut short or with a wrong checksum is counted as invalid.
 */
public final class Nmea {

    static final int MAX_SENTENCE = 82;
    /**
     * Proprietary sentence prefixes ({@code $P} and a three-letter maker code) that name a receiver's maker, as
     * gpsd's drivers use them to pick a chipset driver.
     */
    static final Map<String, String> MAKERS = Map.of(
            "PGRM", "Garmin", "PSRF", "SiRF", "PUBX", "u-blox", "PMTK", "MediaTek",
            "PSTI", "SkyTraq", "PTNL", "Trimble", "PASHR", "Ashtech");

    private Nmea() {
    }

    /**
     * The sentences found in a stretch of bytes.
     *
     * @param valid   sentences with a correct checksum
     * @param invalid sentences that started but were cut short or had a wrong checksum
     * @param talkers the talker ids of the valid sentences, such as GP, GN or GB, in order of appearance
     * @param makers  the receiver makers named by valid proprietary sentences
     */
    public record Summary(int valid, int invalid, Set<String> talkers, Set<String> makers) {
    }

    /** Scans the bytes for sentences. */
    public static Summary scan(byte[] bytes) {
        int valid = 0;
        int invalid = 0;
        Set<String> talkers = new LinkedHashSet<>();
        Set<String> makers = new LinkedHashSet<>();
        int i = 0;
        while (i < bytes.length) {
            if (!isStart(bytes, i)) {
                i++;
                continue;
            }
            int end = sentenceEnd(bytes, i);
            if (end < 0) {
                if (hasMore(bytes, i)) {
                    invalid++;
                }
                i++;
                continue;
            }
            String sentence = new String(bytes, i + 1, end - i - 1, StandardCharsets.US_ASCII);
            if (checksumMatches(sentence)) {
                valid++;
                record(sentence, talkers, makers);
            } else {
                invalid++;
            }
            i = end + 1;
        }
        return new Summary(valid, invalid, talkers, makers);
    }

    /** True at a {@code $} or {@code !} followed by the upper-case letter that starts every address field. */
    private static boolean isStart(byte[] bytes, int at) {
        return (bytes[at] == '$' || bytes[at] == '!') && at + 1 < bytes.length && bytes[at + 1] >= 'A'
                && bytes[at + 1] <= 'Z';
    }

    /** Returns the index of the LF that ends the sentence at {@code start}, or -1 when it is not complete. */
    private static int sentenceEnd(byte[] bytes, int start) {
        int limit = Math.min(bytes.length, start + MAX_SENTENCE);
        for (int j = start + 1; j < limit; j++) {
            byte b = bytes[j];
            if (b == '\n') {
                return j > start + 1 && bytes[j - 1] == '\r' ? j : -1;
            }
            if (isStart(bytes, j) || (b != '\r' && (b < 0x20 || b > 0x7e))) {
                return -1;
            }
        }
        return -1;
    }

    /** True when bytes follow the sentence start, so a missing end means a cut sentence, not one still coming. */
    private static boolean hasMore(byte[] bytes, int start) {
        for (int j = start + 1; j < bytes.length; j++) {
            if (bytes[j] == '\n' || isStart(bytes, j)) {
                return true;
            }
        }
        return false;
    }

    /** Checks {@code BODY*hh\r}, the sentence without its start character and LF. */
    static boolean checksumMatches(String sentence) {
        int star = sentence.lastIndexOf('*');
        if (star < 1 || sentence.length() != star + 4 || sentence.charAt(star + 3) != '\r') {
            return false;
        }
        int expected;
        try {
            expected = Integer.parseInt(sentence.substring(star + 1, star + 3), 16);
        } catch (NumberFormatException e) {
            return false;
        }
        int sum = 0;
        for (int k = 0; k < star; k++) {
            sum ^= sentence.charAt(k);
        }
        return sum == expected;
    }

    private static void record(String sentence, Set<String> talkers, Set<String> makers) {
        if (sentence.startsWith("P")) {
            MAKERS.forEach((prefix, maker) -> {
                if (sentence.startsWith(prefix)) {
                    makers.add(maker);
                }
            });
            return;
        }
        if (sentence.length() >= 2) {
            talkers.add(sentence.substring(0, 2));
        }
    }
}
