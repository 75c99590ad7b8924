package dev.outpost.engine.bundle;

import java.util.List;

/**
 * A bundle that passed verification: its manifest, who signed it, and what was checked.
 *
 * @param manifest            the verified manifest
 * @param signer              the fingerprint of the trusted key that made the signature
 * @param bytesRead           the artifact bytes read and hashed
 * @param releaseChecked      the K3s artifacts that were also found in the release's own checksum list
 */
public record BundleVerification(BundleManifest manifest, String signer, long bytesRead,
        List<String> releaseChecked) {

    public BundleVerification {
        releaseChecked = List.copyOf(releaseChecked);
    }
}
