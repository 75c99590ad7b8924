package dev.outpost.engine.bundle;

import java.nio.file.Path;
import java.util.Locale;

/** The storage form of a bundle: a folder, a tar archive, or a Zstandard-compressed tar archive. */
public enum BundleForm {

    FOLDER, TAR, TAR_ZSTD;

    /** Chooses the form from the path's ending: {@code .tar.zst}, {@code .tar}, or anything else for a folder. */
    public static BundleForm of(Path path) {
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tar.zst")) {
            return TAR_ZSTD;
        }
        if (name.endsWith(".tar")) {
            return TAR;
        }
        return FOLDER;
    }
}
