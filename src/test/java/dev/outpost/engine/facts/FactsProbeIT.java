package dev.outpost.engine.facts;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.checks.CheckStatus;
import dev.outpost.engine.facts.GatewayFacts.Architecture;
import dev.outpost.engine.facts.GatewayFacts.InitSystem;
import dev.outpost.engine.facts.GatewayFacts.SudoAccess;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.KeyType;
import dev.outpost.rig.RigGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Gathers facts from the rig's real Debian gateway, as root, as a sudo user and as a user without sudo. */
@ExtendWith(GatewayRigExtension.class)
class FactsProbeIT {

    private static RigGateway rig;

    @TempDir
    Path home;

    @BeforeAll
    static void gateway(RigGateway gateway) {
        rig = gateway;
    }

    private GatewayFacts probeAs(String user, Credentials credentials) throws Exception {
        ConnectionSettings settings = ConnectionSettings.of(rig.address(), user, credentials,
                new HostKeyPolicy.AcceptNew(), home.resolve("known_hosts"));
        try (GatewaySession session = new GatewayConnector().connect(settings)) {
            GatewayFacts facts = new FactsProbe().probe(session);
            assertThat(session.commandsRun()).as("facts come in one round trip").isEqualTo(1);
            return facts;
        }
    }

    private static Credentials password(String password) {
        return new Credentials.Password(password.toCharArray());
    }

    @Test
    void rootSeesTheWholeGateway() throws Exception {
        GatewayFacts facts = probeAs(RigGateway.ROOT_USER, password(RigGateway.ROOT_PASSWORD));

        assertThat(facts.complete()).isTrue();
        assertThat(facts.hostname()).isEqualTo(RigGateway.HOSTNAME);
        assertThat(facts.os().id()).isEqualTo("debian");
        assertThat(facts.os().versionId()).isEqualTo("12");
        assertThat(facts.architecture()).isEqualTo(Architecture.fromMachine(System.getProperty("os.arch")
                .replace("amd64", "x86_64")));
        assertThat(facts.init()).isEqualTo(InitSystem.SYSTEMD);
        assertThat(facts.route().ipv4Gateway()).isEqualTo(rig.hostAddress());
        assertThat(facts.route().ipv4Interface()).isNotBlank();
        assertThat(facts.listening()).anyMatch(s -> s.protocol().equals("tcp") && s.port() == 22);
        assertThat(facts.user().sudo()).isEqualTo(SudoAccess.ROOT);
        assertThat(facts.clock().skewSeconds()).isBetween(-5L, 5L);
        assertThat(facts.existing().reported()).isTrue();
        assertThat(facts.existing().binaries()).doesNotContainKeys("k3s", "rke2", "dockerd");
    }

    @Test
    void sudoUserIsAllowed() throws Exception {
        GatewayFacts facts = probeAs(RigGateway.TECH_USER, password(RigGateway.TECH_PASSWORD));

        assertThat(facts.user().name()).isEqualTo(RigGateway.TECH_USER);
        assertThat(facts.user().sudo()).isEqualTo(SudoAccess.ALLOWED);
        assertThat(facts.complete()).isTrue();
    }

    @Test
    void userWithoutSudoIsDenied() throws Exception {
        GatewayFacts facts = probeAs(RigGateway.VISITOR_USER, password(RigGateway.VISITOR_PASSWORD));

        assertThat(facts.user().sudo()).isEqualTo(SudoAccess.DENIED);
        assertThat(checks(facts).get("access.sudo").blocks()).isTrue();
    }

    @Test
    void keyLoginWithoutSudoPasswordNeedsOne() throws Exception {
        Credentials key = new Credentials.PrivateKey(rig.keyFile(KeyType.ED25519, false), null, null);

        GatewayFacts facts = probeAs(RigGateway.TECH_USER, key);

        assertThat(facts.user().sudo()).isEqualTo(SudoAccess.PASSWORD_REQUIRED);
    }

    @Test
    void wrongSudoPasswordIsNamed() throws Exception {
        Credentials key = new Credentials.PrivateKey(rig.keyFile(KeyType.ED25519, false), null,
                "not-the-password".toCharArray());

        GatewayFacts facts = probeAs(RigGateway.TECH_USER, key);

        assertThat(facts.user().sudo()).isEqualTo(SudoAccess.WRONG_PASSWORD);
    }

    @Test
    void rigGatewayPassesTheBlockers() throws Exception {
        GatewayFacts facts = probeAs(RigGateway.ROOT_USER, password(RigGateway.ROOT_PASSWORD));

        Map<String, CheckResult> results = checks(facts);

        assertThat(results.get("network.default-route").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(results.get("network.hostname").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(results.get("system.init").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(results.get("conflict.kubernetes").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(results.get("network.ports").status()).isEqualTo(CheckStatus.PASSED);
        assertThat(results.get("clock.skew").status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void busyPortIsSeen() throws Exception {
        rig.exec("systemd-run --unit=outpost-test-listener busybox nc -l -p 6443").requireSuccess();
        try {
            rig.exec("for i in $(seq 1 50); do grep -qi ':192B ' /proc/net/tcp /proc/net/tcp6 && exit 0; sleep 0.1; done; exit 1")
                    .requireSuccess();

            GatewayFacts facts = probeAs(RigGateway.ROOT_USER, password(RigGateway.ROOT_PASSWORD));

            CheckResult ports = checks(facts).get("network.ports");
            assertThat(ports.blocks()).isTrue();
            assertThat(ports.explanation()).contains("6443/tcp");
        } finally {
            rig.exec("systemctl stop outpost-test-listener");
        }
    }

    @Test
    void probeChangesNothingOnTheGateway() throws Exception {
        rig.exec("rm -f /home/*/.sudo_as_admin_successful && touch /run/outpost-test-marker && sleep 1.1")
                .requireSuccess();

        probeAs(RigGateway.TECH_USER, password(RigGateway.TECH_PASSWORD));
        probeAs(RigGateway.VISITOR_USER, password(RigGateway.VISITOR_PASSWORD));

        // Login accounting and the journal belong to sshd and systemd, not to the probe. The tech user's home
        // folder itself changes its time stamp when sudo's marker file comes and the probe removes it again.
        String changed = rig.exec("find / -xdev -newer /run/outpost-test-marker"
                + " -not -path '/proc/*' -not -path '/sys/*' -not -path '/var/log/*' -not -path '/run/*'"
                + " -not -path '/run' -not -path '/tmp' -not -path '/var/log' -not -path /home/tech 2>/dev/null")
                .stdout();
        assertThat(changed.lines().toList()).isEmpty();
    }

    @Test
    void busyBoxToolsGiveTheSameFacts() throws Exception {
        GatewayFacts gnu = probeAs(RigGateway.ROOT_USER, password(RigGateway.ROOT_PASSWORD));
        rig.exec("mkdir -p /opt/busybox && busybox --install -s /opt/busybox").requireSuccess();
        String script = new FactsProbe().script();
        String quoted = "'" + script.replace("'", "'\"'\"'") + "'";

        String output = rig.exec("echo | env -i PATH=/opt/busybox /opt/busybox/sh -c " + quoted).requireSuccess()
                .stdout();
        GatewayFacts busybox = FactsParser.parse(output, System.currentTimeMillis() / 1000);

        assertThat(busybox.complete()).isTrue();
        assertThat(busybox.hostname()).isEqualTo(gnu.hostname());
        assertThat(busybox.architecture()).isEqualTo(gnu.architecture());
        assertThat(busybox.memory().totalBytes()).isEqualTo(gnu.memory().totalBytes());
        assertThat(busybox.route()).isEqualTo(gnu.route());
        assertThat(busybox.init()).isEqualTo(gnu.init());
        assertThat(busybox.disks()).extracting(GatewayFacts.DiskSpace::mountPoint)
                .isEqualTo(gnu.disks().stream().map(GatewayFacts.DiskSpace::mountPoint).toList());
        assertThat(busybox.listening()).containsExactlyInAnyOrderElementsOf(gnu.listening());
    }

    @Test
    void oddToolsGiveUnknownNotCrash() throws Exception {
        rig.exec("mkdir -p /opt/odd && for t in uname df stat date id grep cut; do"
                + " printf '#!/bin/sh\\necho \"%s: unexpected output from a vendor build\"\\nexit 3\\n' $t"
                + " > /opt/odd/$t; chmod +x /opt/odd/$t; done"
                + " && mv /etc/os-release /etc/os-release.saved && mv /usr/lib/os-release /usr/lib/os-release.saved")
                .requireSuccess();
        rig.exec("cp /etc/environment /etc/environment.saved 2>/dev/null; echo 'PATH=/opt/odd:/usr/local/sbin:"
                + "/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' > /etc/environment").requireSuccess();
        try {
            GatewayFacts facts = probeAs(RigGateway.ROOT_USER, password(RigGateway.ROOT_PASSWORD));

            List<CheckResult> results = CheckCatalog.standard().evaluate(facts);
            assertThat(facts.machine()).contains("unexpected output");
            assertThat(facts.architecture()).isEqualTo(Architecture.UNSUPPORTED);
            assertThat(facts.os().id()).isNull();
            assertThat(results).hasSize(CheckCatalog.standard().checks().size());
            assertThat(results).allSatisfy(r -> assertThat(r.explanation()).isNotBlank());
        } finally {
            rig.exec("mv /usr/lib/os-release.saved /usr/lib/os-release; mv /etc/os-release.saved /etc/os-release;"
                    + " mv /etc/environment.saved /etc/environment 2>/dev/null || rm -f /etc/environment;"
                    + " rm -rf /opt/odd");
        }
    }

    private static Map<String, CheckResult> checks(GatewayFacts facts) {
        return CheckCatalog.standard().evaluate(facts).stream()
                .collect(Collectors.toMap(CheckResult::id, Function.identity()));
    }
}
