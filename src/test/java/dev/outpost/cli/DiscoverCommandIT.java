package dev.outpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.GatewayRigOptions;
import dev.outpost.rig.PluggedSegment;
import dev.outpost.rig.RigGateway;
import dev.outpost.rig.RigSegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code outpost discover} from the packaged jar against the rig's gateways on a link-local segment this test
 * creates. Every run names that segment's interface, so nothing searches the machine's own interfaces.
 */
@ExtendWith(GatewayRigExtension.class)
class DiscoverCommandIT {

    private static final PluggedSegment CABLE = new PluggedSegment();

    private final RigGateway gateway;
    private RigSegment segment;
    private String gatewayAddress;

    @TempDir
    Path home;

    DiscoverCommandIT(RigGateway gateway) {
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

    @Test
    void jsonListsTheGateway() throws Exception {
        OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interface",
                segment.interfaceName(), "--json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode document = new ObjectMapper().readTree(run.stdout());
        assertThat(document.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(document.path("interfacesSearched").get(0).asText()).isEqualTo(segment.interfaceName());
        assertThat(document.path("gateways")).hasSize(1);
        JsonNode found = document.path("gateways").get(0);
        assertThat(found.path("address").asText()).isEqualTo(gatewayAddress);
        assertThat(found.path("name").asText()).startsWith(RigGateway.HOSTNAME);
        assertThat(found.path("hostKeyFingerprint").asText()).isEqualTo(gateway.hostKeyFingerprintSha256());
        assertThat(found.path("sshPort").asInt()).isEqualTo(22);
        assertThat(found.path("interface").asText()).isEqualTo(segment.interfaceName());
        assertThat(found.path("foundBy").toString()).contains("mdns");
    }

    @Test
    void tableShowsTheGatewayAndTheNextStep() throws Exception {
        OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interface",
                segment.interfaceName());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Found 1 gateway on " + segment.interfaceName() + ".");
        assertThat(run.stdout()).contains("HOST-KEY FINGERPRINT");
        assertThat(run.stdout()).contains(gateway.hostKeyFingerprintSha256());
        assertThat(run.stdout()).contains("outpost check --host " + gatewayAddress);
        assertThat(run.stdout()).doesNotContain("More than one gateway answered");
    }

    @Test
    void emptySegmentExitsWithOne() throws Exception {
        try (RigSegment empty = RigSegment.create()) {
            OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interface",
                    empty.interfaceName());

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
            assertThat(run.stdout()).contains("No gateway answered on " + empty.interfaceName() + ".");
            assertThat(run.stdout()).contains("outpost console");
        }
    }

    @Test
    void unknownInterfaceExitsWithTwo() throws Exception {
        OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interface", "op-ll-none",
                "--json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("There is no network interface called op-ll-none");
        assertThat(run.stderr()).contains(segment.interfaceName());
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void emptyInterfaceExitsWithTwo() throws Exception {
        OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interface", "");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("The value of --interface is empty");
        assertThat(run.stderr()).doesNotContain("called  on");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void downInterfacesAreReportedDown() throws Exception {
        try (RigSegment turnedOff = RigSegment.create()) {
            turnedOff.setLinkUp(turnedOff.stubPortName(), false);
            turnedOff.setLinkUp(turnedOff.interfaceName(), false);

            for (String link : java.util.List.of(turnedOff.interfaceName(), turnedOff.stubPortName())) {
                OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interface", link);

                assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
                assertThat(run.stderr()).contains("The network interface " + link + " is down: it is turned off"
                        + " or has no cable.");
                assertThat(run.stderr()).doesNotContain("There is no network interface");
            }
        }
    }

    @Test
    void bridgePortWithoutAddressIsNamed() throws Exception {
        OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interface",
                segment.stubPortName());

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(2);
        assertThat(run.stderr()).contains("The network interface " + segment.stubPortName() + " is connected but"
                + " has no IP address");
        assertThat(run.stderr()).contains("name the bridge instead");
    }

    // NOTE: in a full test run the search sometimes ends (exit 1) before the interrupt lands, although the interrupt
    // follows the log's first search line. The cause is not found. The test can run again once the command line
    // can set the search window, so that the search outlasts the interrupt.
    @Disabled("The interrupt sometimes arrives after the search ended; see the note above.")
    @Test
    void interruptedSearchSaysSo() throws Exception {
        // On an empty segment the search lasts its whole window, and the interrupt comes once it has begun.
        OutpostProcess.Result run;
        try (RigSegment empty = RigSegment.create()) {
            Path own = Files.createTempDirectory(home, "interrupted");
            Path log = own.resolve("logs").resolve("outpost.log");
            run = new OutpostProcess(own).interruptWhen(() -> logContains(log, "Searching for gateways on"),
                    "discover", "--interface", empty.interfaceName());
        }

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(130);
        assertThat(run.stderr()).contains("The search was stopped before it finished");
    }

    private static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void unknownOptionExitsWithTwo() throws Exception {
        OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interfaces", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("outpost discover --help");
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
        void bothAreListedWithAWarning() throws Exception {
            second.regenerateHostKeys();
            String secondAddress = second.plugInto(segment);

            OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interface",
                    segment.interfaceName());

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("Found 2 gateways on " + segment.interfaceName() + ".");
            assertThat(run.stdout()).contains("More than one gateway answered");
            assertThat(run.stdout()).contains(CABLE.gateway().hostKeyFingerprintSha256());
            assertThat(run.stdout()).contains(second.hostKeyFingerprintSha256());
            assertThat(run.stdout()).contains("outpost check --host " + gatewayAddress);
            assertThat(run.stdout()).contains("outpost check --host " + secondAddress);
        }
    }

    /**
     * A second gateway from the same image, so with the same host keys, on a cable of its own. Each jmDNS socket
     * hears the mDNS answers of both cables.
     */
    @Nested
    @GatewayRigOptions
    class TwoCables {

        private final RigGateway second;

        TwoCables(RigGateway second) {
            this.second = second;
        }

        @Test
        void eachCableKeepsItsGateway() throws Exception {
            try (RigSegment other = RigSegment.create()) {
                String secondAddress = second.plugInto(other);
                assertThat(second.hostKeyFingerprintSha256()).isEqualTo(CABLE.gateway().hostKeyFingerprintSha256());

                OutpostProcess.Result run = new OutpostProcess(home).run("", "discover", "--interface",
                        segment.interfaceName(), "--interface", other.interfaceName(), "--json");

                assertThat(run.exitCode()).as(run.stderr()).isZero();
                JsonNode document = new ObjectMapper().readTree(run.stdout());
                JsonNode gateways = document.path("gateways");
                assertThat(gateways).as(run.stdout()).hasSize(2);
                java.util.Map<String, String> firstAddresses = new java.util.HashMap<>();
                for (JsonNode found : gateways) {
                    String cable = found.path("interface").asText();
                    String ipv4Prefix = (cable.equals(segment.interfaceName()) ? gatewayAddress : secondAddress)
                            .replaceAll("\\.\\d+$", ".");
                    firstAddresses.put(cable, found.path("address").asText());
                    assertThat(found.path("hostKeyFingerprint").asText())
                            .isEqualTo(second.hostKeyFingerprintSha256());
                    for (JsonNode address : found.path("addresses")) {
                        assertThat(address.asText()).as(run.stdout())
                                .satisfiesAnyOf(text -> assertThat(text).startsWith(ipv4Prefix),
                                        text -> assertThat(text).endsWith("%" + cable));
                    }
                }
                assertThat(firstAddresses).containsEntry(segment.interfaceName(), gatewayAddress)
                        .containsEntry(other.interfaceName(), secondAddress);
                assertThat(document.path("notes").toString()).doesNotContain("No gateway answered");
                assertThat(document.path("notes").toString()).contains("present the same host key");
            }
        }
    }
}
