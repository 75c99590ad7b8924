package dev.outpost.engine.gateway;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A gateway's host key as a person compares it.
 *
 * @param host        the address the laptop connected to
 * @param port        the SSH port
 * @param algorithm   the key algorithm, such as {@code ssh-ed25519}
 * @param fingerprint the SHA-256 fingerprint in OpenSSH's form, {@code SHA256:} and unpadded Base64
 */
public record HostKeyInfo(String host, int port, String algorithm, String fingerprint) {

    /**
     * Computes a host key's fingerprint as OpenSSH prints it: SHA-256 of the key blob in unpadded Base64, after
     * {@code SHA256:}. The host-key dialog and gateway discovery both show this form.
     */
    public static String fingerprintOf(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256.", e);
        }
    }
}
