package dev.outpost.engine.bundle;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;
import java.util.Optional;

/**
 * The detached signature of a manifest: {@code manifest.json.sig} contains the 64 raw bytes of an Ed25519 signature
 * over the exact bytes of {@code manifest.json}, so {@code openssl pkeyutl -verify -rawin} can check it as well.
 */
public final class ManifestSignature {

    /** The length of an Ed25519 signature in bytes. */
    public static final int LENGTH = 64;

    private ManifestSignature() {
    }

    /** Signs the manifest's bytes. */
    public static byte[] sign(byte[] manifest, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(key);
            signature.update(manifest);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The manifest could not be signed with an Ed25519 key.", e);
        }
    }

    /** Returns the first trusted key whose signature this is, or nothing when none of them made it. */
    public static Optional<PublicKey> signer(byte[] manifest, byte[] signature, List<PublicKey> trusted) {
        if (signature.length != LENGTH) {
            return Optional.empty();
        }
        for (PublicKey key : trusted) {
            try {
                Signature verifier = Signature.getInstance("Ed25519");
                verifier.initVerify(key);
                verifier.update(manifest);
                if (verifier.verify(signature)) {
                    return Optional.of(key);
                }
            } catch (GeneralSecurityException e) {
                // A key this runtime cannot use cannot have made the signature; the next key is tried.
                continue;
            }
        }
        return Optional.empty();
    }
}
