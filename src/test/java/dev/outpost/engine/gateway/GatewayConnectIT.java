package dev.outpost.engine.gateway;

import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.KeyType;
import dev.outpost.rig.RigGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logs in to the rig's real OpenSSH server with every supported credential, and fails in every way a site can. */
@ExtendWith(GatewayRigExtension.class)
class GatewayConnectIT {

    private static RigGateway rig;
    private final GatewayConnector connector = new GatewayConnector();

    @TempDir
    Path home;

    @BeforeAll
    static void gateway(RigGateway gateway) {
        rig = gateway;
    }

    private ConnectionSettings settings(String user, Credentials credentials, HostKeyPolicy policy) {
        return ConnectionSettings.of(rig.address(), user, credentials, policy, home.resolve("known_hosts"))
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    private ConnectionSettings password(String user, String password) {
        return settings(user, new Credentials.Password(password.toCharArray()), new HostKeyPolicy.AcceptNew());
    }

    @Test
    void rootLogsInWithPassword() throws Exception {
        try (GatewaySession session = connector.connect(password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD))) {
            CommandResult result = session.run("id -un");

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout().strip()).isEqualTo("root");
            assertThat(session.commandsRun()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void keyLoginWithoutPassphrase(KeyType type) throws Exception {
        Credentials key = new Credentials.PrivateKey(rig.keyFile(type, false), null, null);

        try (GatewaySession session = connector.connect(settings(RigGateway.ROOT_USER, key,
                new HostKeyPolicy.AcceptNew()))) {
            assertThat(session.run("id -u").stdout().strip()).isEqualTo("0");
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void keyLoginWithPassphrase(KeyType type) throws Exception {
        Credentials key = new Credentials.PrivateKey(rig.keyFile(type, true),
                RigGateway.KEY_PASSPHRASE.toCharArray(), null);

        try (GatewaySession session = connector.connect(settings(RigGateway.TECH_USER, key,
                new HostKeyPolicy.AcceptNew()))) {
            assertThat(session.run("id -un").stdout().strip()).isEqualTo(RigGateway.TECH_USER);
        }
    }

    @Test
    void wrongPasswordIsExplained() {
        assertThatThrownBy(() -> connector.connect(password(RigGateway.TECH_USER, "not-the-password")))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.failure()).isEqualTo(GatewayFailure.AUTHENTICATION_FAILED);
                    assertThat(e.getMessage()).contains("did not accept the user name and password or key");
                    assertThat(e.getMessage()).doesNotContain("not-the-password");
                });
    }

    @Test
    void wrongPassphraseIsExplained() {
        Credentials key = new Credentials.PrivateKey(rig.keyFile(KeyType.ED25519, true), "wrong".toCharArray(),
                null);

        assertThatThrownBy(() -> connector.connect(settings(RigGateway.ROOT_USER, key, new HostKeyPolicy.AcceptNew())))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.failure()).isEqualTo(GatewayFailure.KEY_PASSPHRASE_WRONG);
                    assertThat(e.getMessage()).contains("passphrase").contains("is wrong");
                });
    }

    @Test
    void missingPassphraseIsExplained() {
        Credentials key = new Credentials.PrivateKey(rig.keyFile(KeyType.RSA, true), null, null);

        assertThatThrownBy(() -> connector.connect(settings(RigGateway.ROOT_USER, key, new HostKeyPolicy.AcceptNew())))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.failure()).isEqualTo(GatewayFailure.KEY_PASSPHRASE_MISSING);
                    assertThat(e.getMessage()).contains("protected by a passphrase");
                });
    }

    @Test
    void publicKeyFileIsRejected() {
        Path publicKey = Path.of(rig.keyFile(KeyType.ED25519, false) + ".pub");
        Credentials key = new Credentials.PrivateKey(publicKey, null, null);

        assertThatThrownBy(() -> connector.connect(settings(RigGateway.ROOT_USER, key, new HostKeyPolicy.AcceptNew())))
                .isInstanceOfSatisfying(GatewayException.class, e ->
                        assertThat(e.failure()).isEqualTo(GatewayFailure.KEY_FILE_UNREADABLE));
    }

    @Test
    void missingKeyFileIsExplained() {
        Credentials key = new Credentials.PrivateKey(home.resolve("no-such-key"), null, null);

        assertThatThrownBy(() -> connector.connect(settings(RigGateway.ROOT_USER, key, new HostKeyPolicy.AcceptNew())))
                .isInstanceOfSatisfying(GatewayException.class, e ->
                        assertThat(e.getMessage()).contains("does not exist"));
    }

    @Test
    void refusedPortIsExplained() {
        ConnectionSettings settings = password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD).withPort(2222);

        assertThatThrownBy(() -> connector.connect(settings))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.failure()).isEqualTo(GatewayFailure.CONNECTION_REFUSED);
                    assertThat(e.getMessage()).contains("port 2222");
                });
    }

    @Test
    void pulledCableTimesOut() {
        ConnectionSettings settings = password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        rig.pullCable();
        try {
            assertThatThrownBy(() -> connector.connect(settings))
                    .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.failure())
                            .isIn(GatewayFailure.CONNECT_TIMED_OUT, GatewayFailure.UNREACHABLE));
        } finally {
            rig.plugCable();
        }
    }

    @Test
    void firstKeyIsRecordedInOpenSshFormat() throws Exception {
        try (GatewaySession session = connector.connect(password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD))) {
            assertThat(session.hostKey().fingerprint()).startsWith("SHA256:");
        }

        List<String> lines = Files.readAllLines(home.resolve("known_hosts"));
        assertThat(lines).singleElement().asString().startsWith(rig.address() + " ");
        Process ssh = new ProcessBuilder("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + home.resolve("known_hosts"), "-o", "ConnectTimeout=10",
                "-i", rig.keyFile(KeyType.ED25519, false).toString(), "root@" + rig.address(), "true")
                .redirectErrorStream(true).start();
        String sshOutput = new String(ssh.getInputStream().readAllBytes());
        assertThat(ssh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ssh.exitValue()).as("OpenSSH accepts the recorded key: %s", sshOutput).isZero();
    }

    @Test
    void fingerprintMatchesSshKeygen() throws Exception {
        try (GatewaySession session = connector.connect(password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD))) {
            assertThat(session.hostKey().algorithm()).isEqualTo("ssh-ed25519");
            assertThat(session.hostKey().fingerprint()).isEqualTo(rig.hostKeyFingerprintSha256());
        }
    }

    @Test
    void pinnedFingerprintIsTrusted() throws Exception {
        HostKeyPolicy pinned = new HostKeyPolicy.Pinned(rig.hostKeyFingerprintSha256());
        Credentials credentials = new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray());

        try (GatewaySession session = connector.connect(settings(RigGateway.ROOT_USER, credentials, pinned))) {
            assertThat(session.run("true").exitCode()).isZero();
        }
        assertThat(Files.readString(home.resolve("known_hosts"))).contains(rig.address());
    }

    @Test
    void wrongPinIsRefused() {
        HostKeyPolicy pinned = new HostKeyPolicy.Pinned("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
        Credentials credentials = new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray());

        assertThatThrownBy(() -> connector.connect(settings(RigGateway.ROOT_USER, credentials, pinned)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.failure()).isEqualTo(GatewayFailure.HOST_KEY_NOT_PINNED);
                    assertThat(e.getMessage()).contains(rig.hostKeyFingerprintSha256());
                });
        assertThat(home.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void wrongPinBeatsRecordedKey() throws Exception {
        connector.connect(password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD)).close();
        HostKeyPolicy pinned = new HostKeyPolicy.Pinned("SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU");
        Credentials credentials = new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray());

        assertThatThrownBy(() -> connector.connect(settings(RigGateway.ROOT_USER, credentials, pinned)))
                .isInstanceOfSatisfying(GatewayException.class, e ->
                        assertThat(e.failure()).isEqualTo(GatewayFailure.HOST_KEY_NOT_PINNED));
    }

    @Test
    void matchingPinReplacesChangedKey() throws Exception {
        String otherKey = Files.readString(Path.of(rig.keyFile(KeyType.ED25519, false) + ".pub")).strip();
        String stale = rig.address() + " " + otherKey.substring(0, otherKey.lastIndexOf(' '));
        Files.writeString(home.resolve("known_hosts"), stale + "\n");
        HostKeyPolicy pinned = new HostKeyPolicy.Pinned(rig.hostKeyFingerprintSha256());
        Credentials credentials = new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray());

        try (GatewaySession session = connector.connect(settings(RigGateway.ROOT_USER, credentials, pinned))) {
            assertThat(session.run("true").exitCode()).isZero();
        }

        String recorded = Files.readString(home.resolve("known_hosts"));
        assertThat(recorded).doesNotContain(stale).contains(rig.address() + " ssh-ed25519 ");
        try (GatewaySession again = connector.connect(password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD))) {
            assertThat(again.hostKey().fingerprint()).isEqualTo(rig.hostKeyFingerprintSha256());
        }
    }

    @Test
    void unwritableKnownHostsIsExplained() throws Exception {
        Path notAFolder = Files.writeString(home.resolve("plain-file"), "x");
        ConnectionSettings settings = ConnectionSettings.of(rig.address(), RigGateway.ROOT_USER,
                new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray()), new HostKeyPolicy.AcceptNew(),
                notAFolder.resolve("known_hosts"));

        assertThatThrownBy(() -> connector.connect(settings))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.failure()).isEqualTo(GatewayFailure.KNOWN_HOSTS_UNUSABLE);
                    assertThat(e.getMessage()).contains(notAFolder.resolve("known_hosts").toString());
                });
    }

    @Test
    void knownHostsFolderIsRejected() {
        ConnectionSettings settings = ConnectionSettings.of(rig.address(), RigGateway.ROOT_USER,
                new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray()), new HostKeyPolicy.AcceptNew(),
                home);

        assertThatThrownBy(() -> connector.connect(settings))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.failure()).isEqualTo(GatewayFailure.KNOWN_HOSTS_UNUSABLE);
                    assertThat(e.getMessage()).contains("it is a folder");
                });
    }

    @Test
    void failedAttemptWritesNoKnownHosts() {
        ConnectionSettings settings = password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD).withPort(2222);

        assertThatThrownBy(() -> connector.connect(settings)).isInstanceOf(GatewayException.class);
        assertThat(home.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void declinedKeyStopsAndRecordsNothing() {
        HostKeyInfo[] shown = new HostKeyInfo[1];
        HostKeyPolicy ask = new HostKeyPolicy.Ask(key -> {
            shown[0] = key;
            return false;
        });
        Credentials credentials = new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray());

        assertThatThrownBy(() -> connector.connect(settings(RigGateway.ROOT_USER, credentials, ask)))
                .isInstanceOfSatisfying(GatewayException.class, e ->
                        assertThat(e.failure()).isEqualTo(GatewayFailure.HOST_KEY_REJECTED));
        assertThat(shown[0].fingerprint()).isEqualTo(rig.hostKeyFingerprintSha256());
        assertThat(shown[0].host()).isEqualTo(rig.address());
        assertThat(home.resolve("known_hosts")).doesNotExist();
    }

    @Test
    void unknownKeyWithoutPromptIsUnconfirmed() {
        Credentials credentials = new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray());

        assertThatThrownBy(() -> connector.connect(settings(RigGateway.ROOT_USER, credentials,
                new HostKeyPolicy.Ask(null))))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.failure()).isEqualTo(GatewayFailure.HOST_KEY_UNCONFIRMED);
                    assertThat(e.getMessage()).contains("--host-key-fingerprint " + rig.hostKeyFingerprintSha256());
                });
    }

    @Test
    void commandTimeoutStopsTheCommand() throws Exception {
        try (GatewaySession session = connector.connect(password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD))) {
            assertThatThrownBy(() -> session.run("sleep 30", new byte[0], Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(GatewayException.class, e -> {
                        assertThat(e.failure()).isEqualTo(GatewayFailure.COMMAND_TIMED_OUT);
                        assertThat(e.getMessage()).contains("the command 'sleep 30'").contains("1 seconds");
                    });
            assertThat(session.run("echo still-connected").stdout()).contains("still-connected");
        }
    }

    @Test
    void sudoUserBecomesRoot() throws Exception {
        try (GatewaySession session = connector.connect(password(RigGateway.TECH_USER, RigGateway.TECH_PASSWORD))) {
            CommandResult result = session.runAsRoot("id -u; cat", "piped input".getBytes(), Duration.ofSeconds(20));

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("0\npiped input");
            assertThat(result.stdout() + result.stderr()).doesNotContain(RigGateway.TECH_PASSWORD);
        }
        String processes = rig.exec("ps -eo args").stdout();
        assertThat(processes).doesNotContain(RigGateway.TECH_PASSWORD);
    }

    @Test
    void userWithoutSudoIsRefused() throws Exception {
        try (GatewaySession session = connector.connect(password(RigGateway.VISITOR_USER,
                RigGateway.VISITOR_PASSWORD))) {
            CommandResult result = session.runAsRoot("id -u", new byte[0], Duration.ofSeconds(20));

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("not in the sudoers");
        }
    }

    /** Other tests read the host key afresh and record it in their own file, so changing it here disturbs none. */
    @Test
    void changedHostKeyStopsEverything() throws Exception {
        try (GatewaySession session = connector.connect(password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD))) {
            assertThat(session.run("true").exitCode()).isZero();
        }
        String recorded = Files.readString(home.resolve("known_hosts"));
        rig.regenerateHostKeys();

        assertThatThrownBy(() -> connector.connect(password(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.failure()).isEqualTo(GatewayFailure.HOST_KEY_CHANGED);
                    assertThat(e.getMessage()).contains("pretending").contains(rig.hostKeyFingerprintSha256());
                });
        assertThat(Files.readString(home.resolve("known_hosts"))).isEqualTo(recorded);
    }
}
