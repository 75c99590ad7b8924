package dev.outpost.engine.bundle;

/**
 * One file of a bundle as the manifest lists it.
 *
 * @param path   the file's path inside the bundle, relative, with {@code /} between segments
 * @param role   what the file is for
 * @param architecture the architecture it is built for
 * @param size   its length in bytes
 * @param sha256 its SHA-256 digest as 64 lower-case hex digits
 */
public record BundleArtifact(String path, ArtifactRole role, Architecture architecture, long size, String sha256) {

    /** The last segment of the path, which is the upstream file name by the bundle layout's convention. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
