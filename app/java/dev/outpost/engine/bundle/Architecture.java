package dev.outpost.engine.bundle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The gateway CPU architecture an artifact is built for, or {@link #ALL} for files that run anywhere. */
public enum Architecture {

    AMD64, ARM64, ARMV7, ALL;

    /** The name used in manifests and bundle folder names: {@code amd64}, {@code arm64}, {@code armv7}, {@code all}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the architecture with this {@link #id()}, if there is one. */
    public static Optional<Architecture> fromId(String id) {
        return Arrays.stream(values()).filter(a -> a.id().equals(id)).findFirst();
    }
}
