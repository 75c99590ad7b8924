package dev.outpost.ui.install;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words a transfer's progress the way the page shows it, such as "412 MB of 1.2 GB · 38 MB/s · about 20 s left".
 * Sizes use decimal units (1 MB is 1,000,000 bytes), as file managers on Windows and macOS show a bundle's files.
 */
final class TransferText {

    private static final String SEPARATOR = " · ";
    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};
    private static final long SECONDS_PER_MINUTE = 60;
    private static final long MINUTES_PER_HOUR = 60;
    private static final long SECONDS_PER_HOUR = 3600;

    private TransferText() {
    }

    /**
     * Returns the line for a transfer.
     *
     * @param done      bytes sent so far
     * @param total     bytes in all, or a negative number when not known
     * @param perSecond the recent rate in bytes per second, or 0 when not yet known
     * @param remaining the estimated time left, or {@code null} when not known
     */
    static String of(long done, long total, double perSecond, Duration remaining) {
        List<String> parts = new ArrayList<>();
        parts.add(total >= 0 ? size(done) + " of " + size(total) : size(done) + " sent");
        if (perSecond > 0) {
            parts.add(size(Math.round(perSecond)) + "/s");
        }
        if (remaining != null && done < total) {
            parts.add(timeLeft(remaining));
        }
        return String.join(SEPARATOR, parts);
    }

    /** Returns a size with one decimal below 10 of its unit and none above, such as "1.2 GB" or "412 MB". */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 999.5 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        String number = value < 9.95 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.0f", value);
        return number + " " + UNITS[unit];
    }

    /** Returns an estimate in rounded words, such as "about 20 s left" or "about 4 min left". */
    static String timeLeft(Duration remaining) {
        long seconds = Math.max(0, remaining.toSeconds());
        if (seconds < SECONDS_PER_MINUTE) {
            return "about " + Math.max(1, seconds) + " s left";
        }
        long minutes = Math.round((double) seconds / SECONDS_PER_MINUTE);
        if (minutes < MINUTES_PER_HOUR) {
            return "about " + minutes + " min left";
        }
        long hours = seconds / SECONDS_PER_HOUR;
        long restMinutes = Math.round((double) (seconds % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
        if (restMinutes == MINUTES_PER_HOUR) {
            hours++;
            restMinutes = 0;
        }
        return restMinutes == 0 ? "about " + hours + " h left" : "about " + hours + " h " + restMinutes + " min left";
    }
}
