package dev.outpost.engine.console;

import dev.outpost.testing.SerialPeers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The console on real pseudo-terminals, with the console peer's login, shell, bootloaders, garbage and silence. */
class GatewayConsoleTest {

    private static final String PASSWORD = "peer-password-7";

    @TempDir
    Path folder;

    private SerialPeers peers;
    private Path received;
    private final RecordingTranscript transcript = new RecordingTranscript();

    @BeforeEach
    void peers() throws Exception {
        assumeTrue(SerialPeers.consoleAvailable() || "true".equals(System.getenv("CI")),
                "socat and /usr/bin/python3 are needed");
        peers = new SerialPeers(folder);
        received = folder.resolve("received.bin");
    }

    @AfterEach
    void stopPeers() {
        if (peers != null) {
            peers.close();
        }
    }

    private GatewayConsole open(String mode, OptionalInt baud) throws Exception {
        Path port = peers.console("console-" + mode, mode, PASSWORD, received);
        return GatewayConsole.open(port.toString(), baud, transcript);
    }

    private static ConsoleException.Kind kindOf(Throwable e) {
        return ((ConsoleException) e).kind();
    }

    @Test
    void loginPromptRecognised() throws Exception {
        try (GatewayConsole console = open("login", OptionalInt.empty())) {
            assertThat(console.state()).isEqualTo(ConsoleState.LOGIN_PROMPT);
            assertThat(console.baud()).isEqualTo(115_200);
        }
        assertThat(transcript.typed()).isEqualTo("⏎\n");
    }

    @Test
    void loginReadsNetwork() throws Exception {
        GatewayNetwork network;
        try (GatewayConsole console = open("login", OptionalInt.empty())) {
            console.logIn("tech", PASSWORD.toCharArray());
            network = console.readNetwork();
        }

        assertThat(network.hostName()).isEqualTo("site-gw-01");
        assertThat(network.interfaces()).extracting(GatewayNetwork.NetworkInterface::name)
                .containsExactly("lo", "eth0", "wlan0");
        assertThat(network.find("eth0").orElseThrow().addresses())
                .contains(new GatewayNetwork.Address(false, "198.18.1.2", 30));
        assertThat(network.find("wlan0").orElseThrow().carrier()).isFalse();
        assertThat(network.defaultRoute()).contains(new GatewayNetwork.Route("198.18.1.1", "eth0"));
        assertThat(transcript.typed()).contains("tech⏎").contains(ConsoleTranscript.MASK + "⏎");
        assertThat(transcript.received()).contains("tech@site-gw-01:~$");
        assertThat(Files.readString(received)).endsWith("exit\r");
    }

    @Test
    void unfamiliarPromptStillWorks() throws Exception {
        GatewayNetwork network;
        try (GatewayConsole console = open("odd-prompt", OptionalInt.empty())) {
            console.logIn("tech", PASSWORD.toCharArray());
            network = console.readNetwork();
        }

        assertThat(network.find("eth0")).isPresent();
        assertThat(transcript.received()).contains("gw) ");
    }

    @Test
    void passwordNeverInTranscript() throws Exception {
        try (GatewayConsole console = open("login-echo", OptionalInt.empty())) {
            console.logIn("tech", PASSWORD.toCharArray());
        }

        assertThat(Files.readString(received)).contains(PASSWORD);
        assertThat(transcript.all()).doesNotContain(PASSWORD).doesNotContain("peer-pass");
        assertThat(transcript.received()).contains(ConsoleTranscript.MASK);
    }

    @Test
    void wrongPasswordRejected() throws Exception {
        try (GatewayConsole console = open("login", OptionalInt.empty())) {
            assertThatThrownBy(() -> console.logIn("tech", "wrong-password".toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("Login incorrect")
                    .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.WRONG_CREDENTIALS))
                    .extracting(Throwable::getMessage).asString().doesNotContain("wrong-password");
            assertThat(console.user()).isNull();
        }
        assertThat(transcript.all()).doesNotContain("wrong-password");
    }

    @Test
    void openShellLoggedOutFirst() throws Exception {
        try (GatewayConsole console = open("shell", OptionalInt.empty())) {
            assertThat(console.state()).isEqualTo(ConsoleState.SHELL);
            console.logIn("tech", PASSWORD.toCharArray());
            assertThat(console.user()).isEqualTo("tech");
        }
        assertThat(transcript.typed()).startsWith("⏎\nexit⏎\n");
    }

    @Test
    void autobootCountdownLeftAlone() throws Exception {
        try (GatewayConsole console = open("uboot", OptionalInt.empty())) {
            assertThat(console.state()).isEqualTo(ConsoleState.BOOTLOADER);
            assertThatThrownBy(() -> console.logIn("tech", PASSWORD.toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("bootloader")
                    .hasMessageContaining("'boot'")
                    .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.BOOTLOADER));
        }
        assertThat(transcript.typed()).isEmpty();
        assertThat(received).isEmptyFile();
    }

    @Test
    void ubootPromptRecognised() throws Exception {
        try (GatewayConsole console = open("uboot-prompt", OptionalInt.empty())) {
            assertThat(console.state()).isEqualTo(ConsoleState.BOOTLOADER);
        }
    }

    @Test
    void grubPromptRecognised() throws Exception {
        try (GatewayConsole console = open("grub", OptionalInt.empty())) {
            assertThat(console.state()).isEqualTo(ConsoleState.BOOTLOADER);
        }
    }

    @Test
    void garbageMeansWrongSpeed() throws Exception {
        try (GatewayConsole console = open("garbage", OptionalInt.of(115_200))) {
            assertThat(console.state()).isEqualTo(ConsoleState.GARBLED);
            assertThatThrownBy(() -> console.logIn("tech", PASSWORD.toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("115200 baud")
                    .hasMessageContaining("--baud")
                    .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.GARBLED));
        }
    }

    @Test
    void silenceExplained() throws Exception {
        try (GatewayConsole console = open("silent", OptionalInt.of(9600))) {
            assertThat(console.state()).isEqualTo(ConsoleState.SILENT);
            assertThatThrownBy(() -> console.logIn("tech", PASSWORD.toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("Nothing came back")
                    .hasMessageContaining("9600 baud")
                    .hasMessageContaining("another port")
                    .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.SILENT));
        }
    }

    @Test
    void missingPortRejected() {
        assertThatThrownBy(() -> GatewayConsole.open(folder.resolve("no-such-port").toString(),
                OptionalInt.empty(), transcript))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining("There is no port")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.NO_SUCH_PORT));
    }

    @Test
    void busyPortLeftAlone() throws Exception {
        Path port = peers.console("console-busy", "login", PASSWORD, received);
        // A stand-in for a terminal program that has the port open, such as screen or picocom.
        Process holder = new ProcessBuilder("/bin/sh", "-c", "exec sleep 60 < " + port).start();
        try {
            waitUntilHolding(holder, port);

            assertThatThrownBy(() -> GatewayConsole.open(port.toString(), OptionalInt.empty(), transcript))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("Another program has " + port + " open")
                    .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.PORT_UNUSABLE));
        } finally {
            holder.destroy();
        }
        assertThat(received).isEmptyFile();
    }

    private static void waitUntilHolding(Process holder, Path port) throws Exception {
        Path real = port.toRealPath();
        Path fd = Path.of("/proc", Long.toString(holder.pid()), "fd", "0");
        for (int i = 0; i < 100; i++) {
            if (Files.exists(fd) && real.equals(Files.readSymbolicLink(fd))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The holder did not open " + port + ".");
    }

    @Test
    void readNetworkNeedsLogin() throws Exception {
        try (GatewayConsole console = open("login", OptionalInt.empty())) {
            assertThatThrownBy(console::readNetwork)
                    .isInstanceOf(ConsoleException.class)
                    .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.NOT_LOGGED_IN));
        }
    }
}
