package dev.outpost.engine.enrollment;

/**
 * A site's Linkerd issuer private key as the enrollment file carries it: an encrypted PKCS#8 PEM
 * ({@code ENCRYPTED PRIVATE KEY}) that only the passphrase head office gave the technician opens.
 *
 * @param pem the encrypted key, PEM
 */
public record EncryptedIssuerKey(String pem) {

    /** Leaves the key out of log lines, even though it is encrypted. */
    @Override
    public String toString() {
        return "EncryptedIssuerKey[encrypted]";
    }
}
