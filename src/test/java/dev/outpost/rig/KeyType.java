package dev.outpost.rig;

import java.util.List;

/**
 * The kinds of SSH client key pair that the rig generates and authorizes for every gateway user.
 *
 * <p>Each kind exists twice in the rig's cache, once without a passphrase and once with
 * {@link RigGateway#KEY_PASSPHRASE}; see {@link RigGateway#keyFile(KeyType, boolean)}.
 */
public enum KeyType {
    /** An Ed25519 key. */
    ED25519("ed25519", 0),
    /** An ECDSA key on the NIST P-256 curve. */
    ECDSA("ecdsa", 256),
    /** A 3072-bit RSA key. */
    RSA("rsa", 3072);

    private final String keygenType;
    private final int bits;

    KeyType(String keygenType, int bits) {
        this.keygenType = keygenType;
        this.bits = bits;
    }

    /**
     * Returns the file name of the private key; the public key has the same name with {@code .pub} appended.
     *
     * @param withPassphrase whether the name is that of the key encrypted with {@link RigGateway#KEY_PASSPHRASE}
     * @return a file name such as {@code id_ed25519} or {@code id_ed25519_passphrase}
     */
    public String fileName(boolean withPassphrase) {
        return "id_" + keygenType + (withPassphrase ? "_passphrase" : "");
    }

    List<String> keygenArguments() {
        return bits == 0 ? List.of("-t", keygenType) : List.of("-t", keygenType, "-b", Integer.toString(bits));
    }
}
