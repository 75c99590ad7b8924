package dev.outpost.rig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks that the rig's gateway behaves like the real site gateway the installer meets, and that its knobs work. */
@ExtendWith(GatewayRigExtension.class)
class GatewayRigIT {

    private static final Duration SSH_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PING_TIME = Pattern.compile("time=([0-9.]+) ms");
    private static final List<String> PASSWORD_AUTH = List.of("-o", "PreferredAuthentications=password",
            "-o", "PubkeyAuthentication=no");

    @TempDir
    static Path scratch;
    private static Path askpass;

    private final RigGateway gateway;

    GatewayRigIT(RigGateway gateway) {
        this.gateway = gateway;
    }

    @BeforeAll
    static void writeAskpassHelper() throws IOException {
        askpass = scratch.resolve("askpass.sh");
        Files.writeString(askpass, "#!/bin/sh\nprintf '%s\\n' \"$OUTPOST_RIG_ANSWER\"\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
    }

    @BeforeAll
    static void gatewayIsInjectedAndReachableStatically(RigGateway gateway) {
        assertThat(GatewayRigExtension.gatewayFor(GatewayRigIT.class)).isSameAs(gateway);
    }

    @Test
    void systemdIsRunning() {
        assertThat(gateway.exec("systemctl is-system-running").stdout().strip()).isEqualTo("running");
        assertThat(gateway.exec("hostname").stdout().strip()).isEqualTo(RigGateway.HOSTNAME);
        assertThat(gateway.rootDirectory().resolve("etc/hostname")).hasContent(RigGateway.HOSTNAME);
        assertThat(gateway.exec("ip -4 -o addr show dev eth0").stdout()).contains(gateway.address() + "/30");
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void plainKeysLogEveryUserIn(KeyType type) {
        for (String user : List.of(RigGateway.ROOT_USER, RigGateway.TECH_USER, RigGateway.VISITOR_USER)) {
            ExecResult result = ssh(user, keyAuth(type, false), null, "id -un");
            assertThat(result.stdout().strip()).as(result.stderr()).isEqualTo(user);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void encryptedKeysOpenWithPassphrase(KeyType type) {
        ExecResult result = ssh(RigGateway.ROOT_USER, keyAuth(type, true), RigGateway.KEY_PASSPHRASE, "true");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
    }

    @Test
    void passwordsLogIn() {
        assertThat(ssh(RigGateway.ROOT_USER, PASSWORD_AUTH, RigGateway.ROOT_PASSWORD, "id -u").stdout().strip())
                .isEqualTo("0");
        assertThat(ssh(RigGateway.TECH_USER, PASSWORD_AUTH, RigGateway.TECH_PASSWORD, "id -un").stdout().strip())
                .isEqualTo(RigGateway.TECH_USER);
        assertThat(ssh(RigGateway.VISITOR_USER, PASSWORD_AUTH, "wrong-password", "true").exitCode()).isNotZero();
    }

    @Test
    void onlyTechMaySudo() {
        assertThat(gateway.exec("id -nG tech").stdout()).contains("sudo");
        assertThat(gateway.exec("id -nG visitor").stdout()).doesNotContain("sudo");

        ExecResult withoutPassword = ssh(RigGateway.TECH_USER, keyAuth(KeyType.ED25519, false), null, "sudo -n true");
        assertThat(withoutPassword.exitCode()).isNotZero();
        assertThat(withoutPassword.stderr()).contains("password is required");

        String sudoWithPassword = "echo '%s' | sudo -S -p '' id -u";
        ExecResult tech = ssh(RigGateway.TECH_USER, keyAuth(KeyType.ED25519, false), null,
                sudoWithPassword.formatted(RigGateway.TECH_PASSWORD));
        assertThat(tech.stdout().strip()).as(tech.stderr()).isEqualTo("0");
        ExecResult visitor = ssh(RigGateway.VISITOR_USER, keyAuth(KeyType.ED25519, false), null,
                sudoWithPassword.formatted(RigGateway.VISITOR_PASSWORD));
        assertThat(visitor.exitCode()).isNotZero();
        assertThat(visitor.stderr()).contains("not in the sudoers file");
    }

    @Test
    void busyboxAshRunsScripts() {
        ExecResult result = gateway.exec("busybox ash -c 'x=gate; echo \"${x}way $((6 * 7))\"'");
        assertThat(result.stdout().strip()).isEqualTo("gateway 42");
    }

    @Test
    void gatewayPingsHost() {
        assertThat(pingHostFromGateway()).isLessThan(100);
    }

    @Test
    void latencyDelaysPing() {
        assumeTrue(gateway.latencySupported(), "The kernel has no netem, so the rig cannot add latency here.");
        Duration delay = Duration.ofMillis(150);
        gateway.setLatency(delay, 0);
        try {
            double millis = pingHostFromGateway();
            assertThat(millis).isGreaterThanOrEqualTo(delay.toMillis());
        } finally {
            gateway.clearLatency();
        }
        assertThat(pingHostFromGateway()).isLessThan(delay.toMillis());
    }

    @Test
    void latencyWithoutNetemThrows() {
        assumeFalse(gateway.latencySupported(), "The kernel has netem, so the latency knob works.");
        assertThatThrownBy(() -> gateway.setLatency(Duration.ofMillis(100), 0))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("netem");
        gateway.clearLatency();
    }

    @Test
    void pulledCableCutsSsh() {
        assertThat(sshPortAnswers()).isTrue();
        gateway.pullCable();
        try {
            assertThat(sshPortAnswers()).isFalse();
            assertThat(gateway.exec("ip -o link show dev eth0").stdout()).contains("NO-CARRIER");
        } finally {
            gateway.plugCable();
        }
        assertThat(sshPortAnswersWithin(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void defaultRouteRemovedAndRestored() {
        String route = "ip route show default";
        assertThat(gateway.exec(route).stdout()).contains("default via " + gateway.hostAddress() + " dev eth0");
        gateway.removeDefaultRoute();
        assertThat(gateway.exec(route).stdout()).isBlank();
        gateway.restoreDefaultRoute();
        assertThat(gateway.exec(route).stdout()).contains("default via " + gateway.hostAddress());
    }

    @Test
    void hostKeyFingerprintMatchesSshd() throws IOException {
        String before = gateway.hostKeyFingerprintSha256();
        assertThat(before).startsWith("SHA256:");
        assertThat(offeredEd25519Fingerprint()).isEqualTo(before);

        gateway.regenerateHostKeys();
        String after = gateway.hostKeyFingerprintSha256();
        assertThat(after).isNotEqualTo(before);
        assertThat(offeredEd25519Fingerprint()).isEqualTo(after);
    }

    @Test
    void restartBootsSameRootAgain() throws IOException {
        String unit = "[Unit]\nDescription=Rig restart probe\n[Service]\nType=oneshot\nRemainAfterExit=yes\n"
                + "ExecStart=/bin/sh -c 'echo started > /run/rig-restart-probe'\n[Install]\n"
                + "WantedBy=multi-user.target\n";
        gateway.exec("printf '%s' \"" + unit + "\" > /etc/systemd/system/rig-restart-probe.service"
                + " && systemctl enable rig-restart-probe.service"
                + " && echo kept > /var/tmp/rig-restart-marker && echo lost > /run/rig-restart-marker")
                .requireSuccess();
        String fingerprint = gateway.hostKeyFingerprintSha256();
        String address = gateway.address();

        gateway.restart();

        assertThat(gateway.exec("systemctl is-system-running").stdout().strip()).isEqualTo("running");
        assertThat(gateway.address()).isEqualTo(address);
        assertThat(gateway.exec("ip -4 -o addr show dev eth0").stdout()).contains(address + "/30");
        assertThat(gateway.exec("cat /var/tmp/rig-restart-marker").stdout().strip()).isEqualTo("kept");
        assertThat(gateway.exec("test -e /run/rig-restart-marker").exitCode()).isNotZero();
        assertThat(gateway.exec("systemctl is-active rig-restart-probe.service").stdout().strip())
                .isEqualTo("active");
        assertThat(gateway.hostKeyFingerprintSha256()).isEqualTo(fingerprint);
        assertThat(offeredEd25519Fingerprint()).isEqualTo(fingerprint);
        ExecResult login = ssh(RigGateway.ROOT_USER, keyAuth(KeyType.ED25519, false), null,
                "cat /run/rig-restart-probe");
        assertThat(login.stdout().strip()).as(login.stderr()).isEqualTo("started");
    }

    @Test
    void restartWithPulledCableKeepsItPulled() {
        gateway.pullCable();
        try {
            gateway.restart();
            assertThat(gateway.exec("systemctl is-system-running").stdout().strip()).isEqualTo("running");
            assertThat(sshPortAnswers()).isFalse();
        } finally {
            gateway.plugCable();
        }
        assertThat(sshPortAnswersWithin(Duration.ofSeconds(30))).isTrue();
    }

    /** A class with options of its own gets a gateway of its own. */
    @Nested
    @GatewayRigOptions(defaultRoute = false, diskMegabytes = 256)
    class NoRouteSmallDisk {

        @Test
        void ownGatewayHasNoDefaultRoute(RigGateway own) {
            assertThat(own).isNotSameAs(gateway);
            assertThat(GatewayRigExtension.gatewayFor(NoRouteSmallDisk.class)).isSameAs(own);
            assertThat(own.address()).isNotEqualTo(gateway.address());
            assertThat(own.exec("ip route show default").stdout()).isBlank();
            assertThat(own.exec("ip route show").stdout()).contains(own.hostAddress().replaceAll("\\.1$", ".0/30"));
        }

        @Test
        void rancherDiskKeepsFilesAcrossRestart(RigGateway own) {
            own.exec("echo kept > /var/lib/rancher/restart-marker").requireSuccess();
            assertThat(own.rootDirectory().resolve("var/lib/rancher/restart-marker")).hasContent("kept");

            own.restart();

            assertThat(own.exec("cat /var/lib/rancher/restart-marker").stdout().strip()).isEqualTo("kept");
            String df = own.exec("df -k --output=fstype,size /var/lib/rancher | tail -n 1").stdout().strip();
            assertThat(df.split("\\s+")).containsExactly("tmpfs", "262144");
            own.exec("rm -f /var/lib/rancher/restart-marker").requireSuccess();
        }

        @Test
        void rancherDiskIsSmallTmpfs(RigGateway own) {
            String df = own.exec("df -k --output=fstype,size /var/lib/rancher | tail -n 1").stdout().strip();
            assertThat(df.split("\\s+")).containsExactly("tmpfs", "262144");
            ExecResult fill = own.exec("head -c 300M /dev/zero > /var/lib/rancher/fill");
            assertThat(fill.exitCode()).isNotZero();
            assertThat(fill.stderr()).contains("No space left on device");
            own.exec("rm -f /var/lib/rancher/fill").requireSuccess();
        }
    }

    private List<String> keyAuth(KeyType type, boolean withPassphrase) {
        return List.of("-o", "PreferredAuthentications=publickey", "-o", "IdentitiesOnly=yes",
                "-i", gateway.keyFile(type, withPassphrase).toString());
    }

    /** Runs a command on the gateway through the host's OpenSSH client. The askpass helper replies to any prompt. */
    private ExecResult ssh(String user, List<String> auth, String answer, String command) {
        List<String> argv = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10",
                "-o", "NumberOfPasswordPrompts=1", "-p", Integer.toString(gateway.sshPort())));
        argv.addAll(auth);
        if (answer == null) {
            argv.addAll(List.of("-o", "BatchMode=yes"));
        }
        argv.addAll(List.of(user + "@" + gateway.address(), command));
        Map<String, String> environment = answer == null ? Map.of("SSH_AUTH_SOCK", "")
                : Map.of("SSH_AUTH_SOCK", "", "SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force",
                        "OUTPOST_RIG_ANSWER", answer);
        return HostCommand.run(SSH_TIMEOUT, argv, environment);
    }

    private String offeredEd25519Fingerprint() throws IOException {
        Path scanned = scratch.resolve("scanned-host-key");
        String line = HostCommand.require(SSH_TIMEOUT, "ssh-keyscan", "-T", "10", "-t", "ed25519",
                gateway.address());
        Files.writeString(scanned, line);
        return HostCommand.require(SSH_TIMEOUT, "ssh-keygen", "-E", "sha256", "-lf", scanned.toString())
                .strip().split("\\s+")[1];
    }

    private double pingHostFromGateway() {
        ExecResult ping = gateway.exec("busybox ping -c 1 -W 5 " + gateway.hostAddress()).requireSuccess();
        Matcher matcher = PING_TIME.matcher(ping.stdout());
        assertThat(matcher.find()).as(ping.stdout()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private boolean sshPortAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(gateway.address(), gateway.sshPort()), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean sshPortAnswersWithin(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (sshPortAnswers()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
