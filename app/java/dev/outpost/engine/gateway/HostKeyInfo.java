package dev.outpost.engine.gateway;

/**
 * A gateway's host key as a person compares it.
 *
 * @param host        the address the laptop connected to
 * @param port        the SSH port
 * @param algorithm   the key algorithm, such as {@code ssh-ed25519}
 * @param fingerprint the SHA-256 fingerprint in OpenSSH's form, {@code SHA256:} and unpadded Base64
 */
public record HostKeyInfo(String host, int port, String algorithm, String fingerprint) {
}
