package dev.outpost.engine.console;

import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigConsole;
import dev.outpost.rig.RigGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serial console against the rig's gateway, whose own agetty, login, PAM and sudo respond. */
@ExtendWith(GatewayRigExtension.class)
class ConsoleIT {

    private static final String ADDED = "192.168.250.1/24";

    private static RigGateway gateway;
    private static RigConsole rigConsole;

    @BeforeAll
    static void attach(RigGateway rig, @TempDir Path folder) throws Exception {
        gateway = rig;
        rigConsole = RigConsole.attach(rig, folder);
    }

    @AfterAll
    static void detach() {
        if (rigConsole != null) {
            rigConsole.close();
            assertThat(rigConsole.files()).as("files left after the console closed").noneMatch(Files::exists);
        }
    }

    @AfterEach
    void removeAddedAddress() {
        gateway.exec("ip addr del " + ADDED + " dev eth0 2>/dev/null");
    }

    private static GatewayConsole open(RecordingTranscript transcript) throws ConsoleException {
        return GatewayConsole.open(rigConsole.port().toString(), OptionalInt.empty(), transcript);
    }

    /** Returns {@code who}'s output once it no longer lists tech, or after 5 seconds. */
    private static String whoAfterLogout() throws InterruptedException {
        String who = gateway.exec("who").stdout();
        for (int i = 0; i < 50 && who.contains(RigGateway.TECH_USER); i++) {
            Thread.sleep(100);
            who = gateway.exec("who").stdout();
        }
        return who;
    }

    @Test
    void techLogsInAndReadsNetwork() throws Exception {
        RecordingTranscript transcript = new RecordingTranscript();
        GatewayNetwork network;
        try (GatewayConsole console = open(transcript)) {
            assertThat(console.state()).isEqualTo(ConsoleState.LOGIN_PROMPT);
            assertThat(console.baud()).isEqualTo(115_200);
            console.logIn(RigGateway.TECH_USER, RigGateway.TECH_PASSWORD.toCharArray());
            network = console.readNetwork();
        }

        assertThat(network.hostName()).isEqualTo(RigGateway.HOSTNAME);
        GatewayNetwork.NetworkInterface eth0 = network.find("eth0").orElseThrow();
        assertThat(eth0.up()).isTrue();
        assertThat(eth0.carrier()).isTrue();
        assertThat(eth0.addresses()).contains(new GatewayNetwork.Address(false, gateway.address(), 30));
        assertThat(network.defaultRoute()).contains(new GatewayNetwork.Route(gateway.hostAddress(), "eth0"));
        assertThat(transcript.all()).doesNotContain(RigGateway.TECH_PASSWORD);
        assertThat(transcript.typed()).contains(ConsoleTranscript.MASK);
    }

    @Test
    void techSetsTemporaryAddressWithSudo() throws Exception {
        RecordingTranscript transcript = new RecordingTranscript();
        try (GatewayConsole console = open(transcript)) {
            console.logIn(RigGateway.TECH_USER, RigGateway.TECH_PASSWORD.toCharArray());
            console.setTemporaryAddress(ADDED, "eth0", RigGateway.TECH_PASSWORD.toCharArray());
        }

        assertThat(gateway.exec("ip -o addr show dev eth0").stdout()).contains("inet " + ADDED);
        assertThat(gateway.rootDirectory().resolve("etc/network/interfaces")).satisfiesAnyOf(
                path -> assertThat(path).doesNotExist(),
                path -> assertThat(path).content().doesNotContain("192.168.250.1"));
        assertThat(transcript.typed()).contains("sudo -S -k -p '' ip addr add " + ADDED + " dev eth0");
        assertThat(transcript.all()).doesNotContain(RigGateway.TECH_PASSWORD);
    }

    @Test
    void rootSetsAddressWithoutSudo() throws Exception {
        RecordingTranscript transcript = new RecordingTranscript();
        try (GatewayConsole console = open(transcript)) {
            console.logIn(RigGateway.ROOT_USER, RigGateway.ROOT_PASSWORD.toCharArray());
            console.setTemporaryAddress(ADDED, "eth0", null);
        }

        assertThat(gateway.exec("ip -o addr show dev eth0").stdout()).contains("inet " + ADDED);
        assertThat(transcript.typed()).doesNotContain("sudo");
        assertThat(transcript.all()).doesNotContain(RigGateway.ROOT_PASSWORD);
    }

    @Test
    void wrongPasswordChangesNothing() throws Exception {
        String before = gateway.exec("ip -o addr").stdout();
        RecordingTranscript transcript = new RecordingTranscript();
        try (GatewayConsole console = open(transcript)) {
            assertThatThrownBy(() -> console.logIn(RigGateway.TECH_USER, "not-the-password".toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("Login incorrect")
                    .hasMessageContaining("nothing was changed")
                    .satisfies(e -> assertThat(((ConsoleException) e).kind())
                            .isEqualTo(ConsoleException.Kind.WRONG_CREDENTIALS));
            assertThatThrownBy(console::readNetwork).isInstanceOf(ConsoleException.class);

            console.logIn(RigGateway.TECH_USER, RigGateway.TECH_PASSWORD.toCharArray());
            assertThat(console.readNetwork().find("eth0")).isPresent();
        }

        assertThat(gateway.exec("ip -o addr").stdout()).isEqualTo(before);
        assertThat(transcript.all()).doesNotContain("not-the-password").doesNotContain(RigGateway.TECH_PASSWORD);
    }

    @Test
    void wrongSudoPasswordIsRefused() throws Exception {
        RecordingTranscript transcript = new RecordingTranscript();
        try (GatewayConsole console = open(transcript)) {
            console.logIn(RigGateway.TECH_USER, RigGateway.TECH_PASSWORD.toCharArray());

            assertThatThrownBy(() -> console.setTemporaryAddress(ADDED, "eth0", "not-the-password".toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .satisfies(e -> assertThat(((ConsoleException) e).kind())
                            .isEqualTo(ConsoleException.Kind.SUDO_REFUSED));
            assertThat(console.readNetwork().find("eth0")).isPresent();
        }

        assertThat(gateway.exec("ip -o addr show dev eth0").stdout()).doesNotContain("192.168.250.1");
        assertThat(transcript.all()).doesNotContain("not-the-password");
    }

    @Test
    void visitorWithoutSudoIsRefused() throws Exception {
        try (GatewayConsole console = open(new RecordingTranscript())) {
            console.logIn(RigGateway.VISITOR_USER, RigGateway.VISITOR_PASSWORD.toCharArray());

            assertThatThrownBy(() -> console.setTemporaryAddress(ADDED, "eth0",
                    RigGateway.VISITOR_PASSWORD.toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .satisfies(e -> assertThat(((ConsoleException) e).kind())
                            .isEqualTo(ConsoleException.Kind.SUDO_REFUSED));
        }

        assertThat(gateway.exec("ip -o addr show dev eth0").stdout()).doesNotContain("192.168.250.1");
    }

    @Test
    void unknownInterfaceListsInterfaces() throws Exception {
        try (GatewayConsole console = open(new RecordingTranscript())) {
            console.logIn(RigGateway.TECH_USER, RigGateway.TECH_PASSWORD.toCharArray());

            assertThatThrownBy(() -> console.setTemporaryAddress(ADDED, "eth9",
                    RigGateway.TECH_PASSWORD.toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("eth9")
                    .hasMessageContaining("lo, eth0");
            assertThatThrownBy(() -> console.setTemporaryAddress(gateway.address() + "/24", "lo",
                    RigGateway.TECH_PASSWORD.toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("already on the gateway's interface eth0");
        }
    }

    @Test
    void sameAddressOtherPrefixRejected() throws Exception {
        gateway.exec("ip addr add " + ADDED + " dev eth0");
        try (GatewayConsole console = open(new RecordingTranscript())) {
            console.logIn(RigGateway.TECH_USER, RigGateway.TECH_PASSWORD.toCharArray());

            assertThatThrownBy(() -> console.setTemporaryAddress("192.168.250.1/16", "eth0",
                    RigGateway.TECH_PASSWORD.toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("already has 192.168.250.1/24")
                    .hasMessageContaining("nothing was changed")
                    .satisfies(e -> assertThat(((ConsoleException) e).kind())
                            .isEqualTo(ConsoleException.Kind.ADDRESS_IN_USE));
        }
        String addresses = gateway.exec("ip -o addr show dev eth0").stdout();
        assertThat(addresses).contains("inet " + ADDED);
        assertThat(addresses).doesNotContain("192.168.250.1/16");
    }

    @Test
    void logOutLetsNextLoginIn() throws Exception {
        try (GatewayConsole console = open(new RecordingTranscript())) {
            console.logIn(RigGateway.TECH_USER, RigGateway.TECH_PASSWORD.toCharArray());
            assertThat(gateway.exec("who").stdout()).contains(RigGateway.TECH_USER);
        }
        assertThat(whoAfterLogout()).doesNotContain(RigGateway.TECH_USER);

        RecordingTranscript second = new RecordingTranscript();
        try (GatewayConsole console = open(second)) {
            assertThat(console.state()).isEqualTo(ConsoleState.LOGIN_PROMPT);
            console.logIn(RigGateway.TECH_USER, RigGateway.TECH_PASSWORD.toCharArray());
            assertThat(console.user()).isEqualTo(RigGateway.TECH_USER);
        }
        assertThat(second.received()).contains("logout");
        assertThat(rigConsole.relayAlive()).isTrue();
    }
}
