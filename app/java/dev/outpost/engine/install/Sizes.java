package dev.outpost.engine.install;

import java.util.Locale;

/** Byte counts as a person reads them: {@code 512 KB}, {@code 38.2 MB}, {@code 1.2 GB}. */
public final class Sizes {

    private Sizes() {
    }

    public static String of(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value >= 100 || unit == 0 ? String.format(Locale.ROOT, "%.0f %s", value, units[unit])
                : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
