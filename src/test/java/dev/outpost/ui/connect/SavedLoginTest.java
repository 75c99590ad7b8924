package dev.outpost.ui.connect;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.HostKeyPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SavedLoginTest {

    private static final Path KEY = Path.of("id_ed25519");

    private static ConnectionSettings keySettings() {
        return ConnectionSettings.of("192.168.16.53", "outpost", new Credentials.PrivateKey(KEY, null, null),
                new HostKeyPolicy.AcceptNew(), Path.of("known_hosts"));
    }

    @Test
    void settingsHaveFreshSecrets() {
        char[] sudo = "sudo-secret".toCharArray();
        SavedLogin login = new SavedLogin(keySettings(), new LoginSecrets(new char[0], new char[0], sudo));

        Credentials.PrivateKey first = (Credentials.PrivateKey) login.settings(new HostKeyPolicy.AcceptNew())
                .credentials();
        first.wipe();
        Credentials.PrivateKey second = (Credentials.PrivateKey) login.settings(new HostKeyPolicy.AcceptNew())
                .credentials();

        assertThat(second.keyFile()).isEqualTo(KEY);
        assertThat(second.passphrase()).isNull();
        assertThat(second.sudo()).containsExactly("sudo-secret".toCharArray());
        assertThat(second.sudo()).isNotSameAs(sudo);
    }

    @Test
    void wipeOverwritesSecrets() {
        char[] sudo = "sudo-secret".toCharArray();
        SavedLogin login = new SavedLogin(keySettings(), new LoginSecrets(new char[0], new char[0], sudo));

        login.wipe();

        assertThat(sudo).containsOnly('\0');
        assertThat(login.toString()).doesNotContain("sudo-secret");
    }
}
