package dev.outpost.engine.checks;

import java.util.Locale;

/** Wording and formatting shared by the checks. */
final class Facts {

    static final String RERUN_FIX = "Run the checks again. If this stays unknown, save the diagnostics and send"
            + " them to head office.";

    private Facts() {
    }

    static Verdict notReported(String what) {
        return Verdict.unknown("The gateway did not report " + what + ", so this could not be checked.", RERUN_FIX);
    }

    /** Formats bytes in binary units, as {@code df -h} and {@code free -h} do. */
    static String bytes(long bytes) {
        final double kib = 1024;
        if (bytes < kib * kib) {
            return String.format(Locale.ROOT, "%.0f KiB", bytes / kib);
        }
        if (bytes < kib * kib * kib) {
            return String.format(Locale.ROOT, "%.0f MiB", bytes / kib / kib);
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / kib / kib / kib);
    }
}
