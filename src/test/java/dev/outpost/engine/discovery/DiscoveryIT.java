package dev.outpost.engine.discovery;

import ch.qos.logback.classic.Level;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.GatewayRigOptions;
import dev.outpost.rig.PluggedSegment;
import dev.outpost.rig.RigGateway;
import dev.outpost.rig.RigSegment;
import dev.outpost.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Searches the rig's link-local segments, bridges this test creates, for the rig's gateways. Every search names
 * the segment's interface, so nothing is sent on the machine's own interfaces.
 */
@ExtendWith(GatewayRigExtension.class)
class DiscoveryIT {

    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final PluggedSegment CABLE = new PluggedSegment();

    private final RigGateway gateway;
    private RigSegment segment;
    private String gatewayAddress;

    DiscoveryIT(RigGateway gateway) {
        this.gateway = gateway;
    }

    @BeforeEach
    void plugGatewayIn() {
        CABLE.plugIn(gateway);
        segment = CABLE.segment();
        gatewayAddress = CABLE.gatewayAddress();
    }

    @AfterAll
    static void removeSegment() {
        CABLE.close();
    }

    static DiscoveryResult search(String interfaceName, List<DiscoveredGateway> reported) throws DiscoveryException {
        DiscoverySettings settings = new DiscoverySettings(true, List.of(interfaceName), WINDOW, 8);
        return new GatewayDiscovery(settings).search(reported::add, () -> false);
    }

    @Test
    void avahiAnnouncesOnTheSegment() throws InterruptedException {
        assertThat(gateway.exec("systemctl is-active avahi-daemon.service").stdout().strip()).isEqualTo("active");
        String journal = "";
        for (int attempt = 0; attempt < 20 && !journal.contains("Server startup complete."); attempt++) {
            Thread.sleep(500);
            journal = gateway.exec("journalctl --no-pager -u avahi-daemon.service").stdout();
        }

        assertThat(journal).contains("Joining mDNS multicast group on interface eth1.IPv4 with address "
                + gatewayAddress + ".");
        assertThat(journal).contains("Server startup complete.");
        assertThat(journal).doesNotContain("failed");
    }

    @Test
    void findsGatewayByMdns() throws DiscoveryException {
        List<DiscoveredGateway> reported = new ArrayList<>();
        ch.qos.logback.classic.Logger engineLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                "dev.outpost.engine.discovery");
        Level previous = engineLog.getLevel();
        engineLog.setLevel(Level.DEBUG);
        DiscoveryResult result;
        List<String> lines;
        try (LogCapture log = LogCapture.start()) {
            result = search(segment.interfaceName(), reported);
            lines = log.lines();
        } finally {
            engineLog.setLevel(previous);
        }

        assertThat(result.interfacesSearched()).containsExactly(segment.interfaceName());
        assertThat(result.gateways()).hasSize(1);
        DiscoveredGateway found = result.gateways().get(0);
        assertThat(found.name()).hasValueSatisfying(name -> assertThat(name).startsWith(RigGateway.HOSTNAME));
        assertThat(found.foundBy()).contains(DiscoveredGateway.Source.MDNS);
        assertThat(found.addresses()).contains(gatewayAddress);
        assertThat(found.address()).isEqualTo(gatewayAddress);
        assertThat(found.interfaceName()).isEqualTo(segment.interfaceName());
        assertThat(found.sshPort()).isEqualTo(22);
        // JSch offers ssh-ed25519 first and the gateway's OpenSSH 9.2 has that key, so the Ed25519 key is the one.
        assertThat(found.hostKeyFingerprint()).contains(gateway.hostKeyFingerprintSha256());
        assertThat(found.sshBanner()).hasValueSatisfying(banner -> assertThat(banner).startsWith("SSH-2.0-OpenSSH"));
        assertThat(reported).isNotEmpty();
        assertThat(reported.get(reported.size() - 1).hostKeyFingerprint()).isEqualTo(found.hostKeyFingerprint());

        List<String> sent = lines.stream().filter(line -> line.contains(" Sending ")).toList();
        assertThat(sent).as("the search logs what it sends").isNotEmpty();
        assertThat(sent).allSatisfy(line -> assertThat(line).contains(" on " + segment.interfaceName()));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("Found 1 gateway on "
                + segment.interfaceName() + "."));
    }

    @Test
    void findsGatewayByLinkLocalWithoutMdns() throws DiscoveryException {
        gateway.exec("systemctl stop avahi-daemon.socket avahi-daemon.service").requireSuccess();
        try {
            DiscoveryResult result = search(segment.interfaceName(), new ArrayList<>());

            assertThat(result.gateways()).hasSize(1);
            DiscoveredGateway found = result.gateways().get(0);
            assertThat(found.foundBy()).containsExactly(DiscoveredGateway.Source.LINK_LOCAL);
            assertThat(found.name()).isEmpty();
            assertThat(found.addresses()).contains(gateway.segmentIpv6Address() + "%" + segment.interfaceName());
            assertThat(found.hostKeyFingerprint()).contains(gateway.hostKeyFingerprintSha256());
        } finally {
            gateway.exec("systemctl start avahi-daemon.socket avahi-daemon.service").requireSuccess();
        }
    }

    @Test
    void linkLocalOutlastsShortWindow() throws DiscoveryException {
        // The all-nodes ping takes about a second, three times this window, and its replies still count.
        DiscoverySettings settings = new DiscoverySettings(true, List.of(segment.interfaceName()),
                Duration.ofMillis(300), 8);
        gateway.exec("systemctl stop avahi-daemon.socket avahi-daemon.service").requireSuccess();
        try {
            DiscoveryResult result = new GatewayDiscovery(settings).search(found -> { }, () -> false);

            assertThat(result.gateways()).hasSize(1);
            assertThat(result.gateways().get(0).hostKeyFingerprint()).contains(gateway.hostKeyFingerprintSha256());
        } finally {
            gateway.exec("systemctl start avahi-daemon.socket avahi-daemon.service").requireSuccess();
        }
    }

    @Test
    void announcedGatewayWithoutSshd() throws DiscoveryException {
        gateway.exec("systemctl stop ssh.service").requireSuccess();
        DiscoveryResult result;
        String log;
        try (LogCapture capture = LogCapture.start()) {
            result = search(segment.interfaceName(), new ArrayList<>());
            log = capture.text();
        } finally {
            gateway.exec("systemctl start ssh.service").requireSuccess();
        }

        assertThat(result.gateways()).hasSize(1);
        DiscoveredGateway found = result.gateways().get(0);
        assertThat(found.name()).isPresent();
        assertThat(found.foundBy()).containsExactly(DiscoveredGateway.Source.MDNS);
        assertThat(found.hostKeyFingerprint()).isEmpty();
        assertThat(found.sshBanner()).isEmpty();
        assertThat(found.addresses()).contains(gatewayAddress);
        assertThat(log).containsPattern("WARN dev.outpost.engine.discovery.DiscoveryRun The SSH server announced at"
                + " \\S+ on " + segment.interfaceName() + " did not respond, so the probe is retried once.");
    }

    @Test
    void emptySegmentFindsNothing() throws DiscoveryException {
        try (RigSegment empty = RigSegment.create()) {
            DiscoveryResult result = search(empty.interfaceName(), new ArrayList<>());

            assertThat(result.gateways()).isEmpty();
            assertThat(result.interfacesSearched()).containsExactly(empty.interfaceName());
            assertThat(result.notes()).anySatisfy(note -> assertThat(note)
                    .startsWith("No gateway answered on " + empty.interfaceName()));
        }
    }

    @Test
    void unknownInterfaceIsNamed() {
        DiscoverySettings settings = DiscoverySettings.onInterfaces(List.of("op-ll-none"));

        assertThatThrownBy(() -> new GatewayDiscovery(settings).search(gateway -> { }, () -> false))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageContaining("no network interface called op-ll-none")
                .hasMessageContaining("Name one of the interfaces that are up:")
                .hasMessageContaining(segment.interfaceName());
    }

    @Test
    void downSegmentIsReportedDown() {
        try (RigSegment turnedOff = RigSegment.create()) {
            turnedOff.setLinkUp(turnedOff.interfaceName(), false);
            DiscoverySettings settings = DiscoverySettings.onInterfaces(List.of(turnedOff.interfaceName()));

            assertThatThrownBy(() -> new GatewayDiscovery(settings).search(gateway -> { }, () -> false))
                    .isInstanceOf(DiscoveryException.class)
                    .hasMessageStartingWith("The network interface " + turnedOff.interfaceName() + " is down:");
        }
    }

    @Test
    void cancelledSearchReturnsEarly() throws DiscoveryException {
        long started = System.nanoTime();
        DiscoverySettings settings = new DiscoverySettings(true, List.of(segment.interfaceName()),
                Duration.ofSeconds(30), 8);

        DiscoveryResult result = new GatewayDiscovery(settings).search(gateway -> { }, () -> true);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(result.notes()).anySatisfy(note -> assertThat(note).startsWith("The search was cancelled"));
    }

    /** A second gateway, with host keys of its own, on the same segment. */
    @Nested
    @GatewayRigOptions
    class TwoGateways {

        private final RigGateway second;

        TwoGateways(RigGateway second) {
            this.second = second;
        }

        @Test
        void bothAreListedApart() throws DiscoveryException {
            second.regenerateHostKeys();
            String secondAddress = second.plugInto(segment);

            DiscoveryResult result = search(segment.interfaceName(), new ArrayList<>());

            assertThat(result.gateways()).hasSize(2);
            assertThat(result.gateways()).extracting(DiscoveredGateway::hostKeyFingerprint)
                    .containsExactlyInAnyOrder(java.util.Optional.of(CABLE.gateway().hostKeyFingerprintSha256()),
                            java.util.Optional.of(second.hostKeyFingerprintSha256()));
            assertThat(Set.copyOf(result.gateways().stream().map(DiscoveredGateway::address).toList()))
                    .containsExactlyInAnyOrder(gatewayAddress, secondAddress);
        }
    }
}
