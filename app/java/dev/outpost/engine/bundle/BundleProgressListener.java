package dev.outpost.engine.bundle;

/**
 * Receives a verification's progress: after every few megabytes and at the end of each artifact. Called on the
 * thread that verifies, never on a UI thread: a UI listener hands the value over to its own thread and returns at
 * once.
 */
@FunctionalInterface
public interface BundleProgressListener {

    BundleProgressListener NONE = progress -> { };

    void onProgress(BundleProgress progress);
}
