package dev.outpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code outpost console} from the packaged jar against the rig gateway's serial console. */
@ExtendWith(GatewayRigExtension.class)
class ConsoleCommandIT {

    private static final String ADDED = "192.168.250.1/24";

    private static RigGateway gateway;
    private static RigConsole rigConsole;

    @TempDir
    Path home;

    @BeforeAll
    static void attach(RigGateway rig, @TempDir Path folder) throws Exception {
        gateway = rig;
        rigConsole = RigConsole.attach(rig, folder);
    }

    @AfterAll
    static void detach() {
        if (rigConsole != null) {
            rigConsole.close();
        }
    }

    @AfterEach
    void removeAddedAddress() {
        gateway.exec("ip addr del " + ADDED + " dev eth0 2>/dev/null");
    }

    private OutpostProcess.Result console(String stdin, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("console", "--port", rigConsole.port().toString()));
        args.addAll(List.of(extra));
        return new OutpostProcess(home).run(stdin, args.toArray(String[]::new));
    }

    private String log() throws Exception {
        return Files.readString(home.resolve("logs").resolve("outpost.log"));
    }

    @Test
    void showNetworkPrintsInterfaces() throws Exception {
        OutpostProcess.Result result = console(RigGateway.TECH_PASSWORD + "\n", "--user", "tech",
                "--password-stdin", "--show-network");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("Gateway " + RigGateway.HOSTNAME);
        assertThat(result.stdout()).containsPattern("eth0 +up +carrier .*" + gateway.address().replace(".", "\\.")
                + "/30");
        assertThat(result.stdout()).contains("outpost check --host " + gateway.address());
        assertThat(result.stderr()).contains("> tech⏎").contains("> ••••••••⏎");
        assertThat(result.stdout() + result.stderr() + log()).doesNotContain(RigGateway.TECH_PASSWORD);
        assertThat(log()).contains("INFO").contains("Logged in on the console");
        assertThat(log()).contains("DEBUG").contains("Typing on " + rigConsole.port() + ": ••••••••⏎")
                .contains("ip -o addr");
    }

    @Test
    void showNetworkAsJson() throws Exception {
        OutpostProcess.Result result = console(RigGateway.TECH_PASSWORD + "\n", "--user", "tech",
                "--password-stdin", "--show-network", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.stdout());
        assertThat(json.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.path("hostName").asText()).isEqualTo(RigGateway.HOSTNAME);
        assertThat(json.path("interfaces").findValuesAsText("name")).contains("lo", "eth0");
        assertThat(json.path("defaultRoute").path("device").asText()).isEqualTo("eth0");
    }

    @Test
    void setAddressWithYes() throws Exception {
        OutpostProcess.Result result = console(RigGateway.TECH_PASSWORD + "\n", "--user", "tech",
                "--password-stdin", "--set-address", ADDED, "--interface", "eth0", "--yes");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(gateway.exec("ip -o addr show dev eth0").stdout()).contains("inet " + ADDED);
        assertThat(result.stdout()).contains("now has " + ADDED + " on eth0 until it restarts");
        assertThat(result.stdout()).contains("give the laptop's Ethernet port the address 192.168.250.2/24");
        assertThat(result.stdout()).contains("outpost check --host 192.168.250.1");
        assertThat(result.stdout() + result.stderr() + log()).doesNotContain(RigGateway.TECH_PASSWORD);
    }

    @Test
    void setAddressAsksAtTerminal() throws Exception {
        Path driver = home.resolve("terminal_driver.py");
        try (var in = ConsoleCommandIT.class.getResourceAsStream("/serial/terminal_driver.py")) {
            Files.copy(in, driver);
        }
        Path jar = Path.of(System.getProperty("outpost.jar", "target/outpost.jar"));
        Process process = new ProcessBuilder("/usr/bin/python3", driver.toString(),
                "Password for tech on the gateway:", RigGateway.TECH_PASSWORD,
                "until it restarts? [y/N]", "y", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Doutpost.home=" + home, "-jar",
                jar.toString(), "console", "--port", rigConsole.port().toString(), "--user", "tech",
                "--set-address", ADDED, "--interface", "eth0").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("Set " + ADDED + " on eth0 of the gateway until it restarts? [y/N]");
        assertThat(output).contains("now has " + ADDED + " on eth0");
        assertThat(output).doesNotContain(RigGateway.TECH_PASSWORD);
        assertThat(gateway.exec("ip -o addr show dev eth0").stdout()).contains("inet " + ADDED);
    }

    @Test
    void wrongPasswordExitsOne() throws Exception {
        String before = gateway.exec("ip -o addr").stdout();

        OutpostProcess.Result result = console("not-the-password\n", "--user", "tech", "--password-stdin",
                "--set-address", ADDED, "--interface", "eth0", "--yes");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).contains("Login incorrect").contains("nothing was changed");
        assertThat(gateway.exec("ip -o addr").stdout()).isEqualTo(before);
        assertThat(result.stdout() + result.stderr() + log()).doesNotContain("not-the-password");
    }

    @Test
    void missingPortExitsTwo() throws Exception {
        OutpostProcess.Result result = new OutpostProcess(home).run(RigGateway.TECH_PASSWORD + "\n", "console",
                "--port", home.resolve("ttyUSB-none").toString(), "--user", "tech", "--password-stdin",
                "--show-network");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("There is no port");
    }

    @Test
    void badAddressExitsTwoBeforeTyping() throws Exception {
        OutpostProcess.Result result = console(RigGateway.TECH_PASSWORD + "\n", "--user", "tech",
                "--password-stdin", "--set-address", "192.168.250.1", "--interface", "eth0", "--yes");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("is not an address with a prefix length");
        assertThat(result.stderr()).doesNotContain("> tech");
    }

    @Test
    void unknownInterfaceExitsTwo() throws Exception {
        OutpostProcess.Result result = console(RigGateway.TECH_PASSWORD + "\n", "--user", "tech",
                "--password-stdin", "--set-address", ADDED, "--interface", "eth7", "--yes");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("no interface 'eth7'").contains("lo, eth0");
    }

    @Test
    void setAddressWithoutTerminalNeedsYes() throws Exception {
        OutpostProcess.Result result = console(RigGateway.TECH_PASSWORD + "\n", "--user", "tech",
                "--password-stdin", "--set-address", ADDED, "--interface", "eth0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--yes");
    }
}
