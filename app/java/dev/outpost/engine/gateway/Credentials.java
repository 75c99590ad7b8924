package dev.outpost.engine.gateway;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The laptop's proof of identity to the gateway. Secrets are character arrays so the caller can wipe them after
 * the session ends; {@link #toString()} never shows them.
 */
public sealed interface Credentials {

    /** The password that sudo asks for, when the login user is not root. Empty when none was given. */
    Optional<char[]> sudoPassword();

    /** Overwrites every secret this object holds. */
    void wipe();

    /** Encodes a secret as UTF-8 into a fresh array that the caller wipes after use. */
    static byte[] utf8(char[] secret) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }

    /** Login with the account's password, which sudo also receives. */
    record Password(char[] password) implements Credentials {

        @Override
        public Optional<char[]> sudoPassword() {
            return Optional.of(password);
        }

        @Override
        public void wipe() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String toString() {
            return "Password[***]";
        }
    }

    /**
     * Login with an OpenSSH private key (ed25519, ECDSA or RSA).
     *
     * @param keyFile    the private key file
     * @param passphrase the key's passphrase, or {@code null} when the key has none
     * @param sudo       the account's password for sudo, or {@code null} when sudo needs none or the user is root
     */
    record PrivateKey(Path keyFile, char[] passphrase, char[] sudo) implements Credentials {

        @Override
        public Optional<char[]> sudoPassword() {
            return Optional.ofNullable(sudo);
        }

        @Override
        public void wipe() {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
            if (sudo != null) {
                Arrays.fill(sudo, '\0');
            }
        }

        @Override
        public String toString() {
            return "PrivateKey[" + keyFile + ", passphrase " + (passphrase == null ? "none" : "***") + "]";
        }
    }
}
