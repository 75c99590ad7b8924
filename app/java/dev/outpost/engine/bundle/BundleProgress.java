package dev.outpost.engine.bundle;

/**
 * How far a verification has come.
 *
 * @param artifact   the artifact being read
 * @param bytesDone  bytes of all artifacts read so far
 * @param bytesTotal the sum of all artifact sizes in the manifest
 */
public record BundleProgress(String artifact, long bytesDone, long bytesTotal) {

    /** Returns the share done, from 0 to 1. */
    public double fraction() {
        return bytesTotal == 0 ? 1 : (double) bytesDone / bytesTotal;
    }
}
