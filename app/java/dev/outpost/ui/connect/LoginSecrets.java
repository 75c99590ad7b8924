package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.Credentials;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The secrets typed on the connect page, copied out of the password fields at the moment the person connects.
 * Whoever receives them either hands them on in {@link Credentials} or wipes them, and {@link #toString()}
 * never shows them.
 */
public final class LoginSecrets {

    private final char[] password;
    private final char[] passphrase;
    private final char[] sudoPassword;

    /**
     * @param password     the login password, empty when the person logs in with a key
     * @param passphrase   the key file's passphrase, empty when the key has none
     * @param sudoPassword the password sudo asks for with a key login, empty when none is needed
     */
    public LoginSecrets(char[] password, char[] passphrase, char[] sudoPassword) {
        this.password = password;
        this.passphrase = passphrase;
        this.sudoPassword = sudoPassword;
    }

    public boolean hasPassword() {
        return password.length > 0;
    }

    /** Hands the secrets the login method needs over to new credentials, and wipes the others. */
    Credentials toCredentials(LoginMethod method, Path keyFile) {
        if (method == LoginMethod.PASSWORD) {
            Arrays.fill(passphrase, '\0');
            Arrays.fill(sudoPassword, '\0');
            return new Credentials.Password(password);
        }
        Arrays.fill(password, '\0');
        return new Credentials.PrivateKey(keyFile, emptyToNull(passphrase), emptyToNull(sudoPassword));
    }

    /** Returns a copy with arrays of its own, so handing over or wiping one leaves the other intact. */
    LoginSecrets copy() {
        return new LoginSecrets(password.clone(), passphrase.clone(), sudoPassword.clone());
    }

    /** Overwrites every secret. */
    public void wipe() {
        Arrays.fill(password, '\0');
        Arrays.fill(passphrase, '\0');
        Arrays.fill(sudoPassword, '\0');
    }

    private static char[] emptyToNull(char[] secret) {
        return secret.length == 0 ? null : secret;
    }

    @Override
    public String toString() {
        return "LoginSecrets[***]";
    }
}
