package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.HostKeyPolicy;

import java.nio.file.Path;

/**
 * A login that connected: the settings it used and a copy of its secrets, from which new settings with fresh
 * credentials are made for each new connection. The copy lives until {@link #wipe()}, which the wizard calls when
 * a newer login connects and when its window closes.
 */
final class SavedLogin {

    private final ConnectionSettings settings;
    private final LoginMethod method;
    private final Path keyFile;
    private final LoginSecrets secrets;

    /**
     * @param settings the settings of the attempt; only the type and key file of their credentials are read,
     *                 because the connection wipes the secrets in them
     * @param secrets  a copy of the secrets typed for the attempt, which this object now owns
     */
    SavedLogin(ConnectionSettings settings, LoginSecrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
        if (settings.credentials() instanceof Credentials.PrivateKey key) {
            method = LoginMethod.KEY_FILE;
            keyFile = key.keyFile();
        } else {
            method = LoginMethod.PASSWORD;
            keyFile = null;
        }
    }

    /** Returns the settings with fresh copies of the secrets, which the new connection owns and wipes. */
    ConnectionSettings settings(HostKeyPolicy hostKeyPolicy) {
        return new ConnectionSettings(settings.host(), settings.port(), settings.user(),
                secrets.copy().toCredentials(method, keyFile), hostKeyPolicy, settings.knownHosts(),
                settings.connectTimeout(), settings.commandTimeout(), settings.keepAlive());
    }

    String host() {
        return settings.host();
    }

    /** Overwrites the kept secrets. */
    void wipe() {
        secrets.wipe();
    }

    @Override
    public String toString() {
        return "SavedLogin[" + settings.user() + "@" + settings.host() + ":" + settings.port() + ", ***]";
    }
}
