package dev.outpost.ui.common;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleProgressListener;
import dev.outpost.engine.bundle.BundleVerification;

import java.io.IOException;
import java.nio.file.Path;

/** The engine call the welcome page makes to verify an offline bundle; tests replace it to hold or fail it. */
public interface BundleChecks {

    /**
     * Verifies the bundle against the keys this laptop trusts. Blocks; call it off the FX thread. The listener is
     * called on the calling thread, and an unchecked exception it throws stops the verification and is rethrown.
     *
     * @throws BundleException with a sentence for the person at the laptop when the bundle or a key is unusable
     * @throws IOException     when reading the file system fails
     */
    BundleVerification verify(Path bundle, BundleProgressListener listener) throws BundleException, IOException;
}
