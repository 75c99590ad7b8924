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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

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

    /**
     * Prefixes a command with a Python line that restores the default action for SIGINT before it runs the
     * command, because a test runner started in the background may pass SIGINT on as ignored, and a JVM leaves an
     * ignored SIGINT ignored.
     */
    private static List<String> withDefaultInterrupt(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/usr/bin/python3", "-c", "import os, signal, sys;"
                + " signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"));
        wrapped.addAll(command);
        return wrapped;
    }

    private List<String> outpostCommand(String... args) {
        Path jar = Path.of(System.getProperty("outpost.jar", "target/outpost.jar"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Doutpost.home=" + home, "-jar", jar.toString(), "console", "--port",
                rigConsole.port().toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Returns the output of {@code pgrep} for tech's processes on the gateway's console once none is left. */
    private static String techProcessesOnConsoleAfterLogout() throws InterruptedException {
        String command = "pgrep -a -t " + RigConsole.GUEST_TTY + " -u " + RigGateway.TECH_USER;
        String found = gateway.exec(command).stdout();
        for (int i = 0; i < 50 && !found.isBlank(); i++) {
            Thread.sleep(100);
            found = gateway.exec(command).stdout();
        }
        return found;
    }

    @Test
    void interruptAtQuestionLogsOut() throws Exception {
        Path driver = home.resolve("terminal_driver.py");
        try (var in = ConsoleCommandIT.class.getResourceAsStream("/serial/terminal_driver.py")) {
            Files.copy(in, driver);
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", driver.toString(),
                "Password for tech on the gateway:", RigGateway.TECH_PASSWORD,
                "until it restarts? [y/N]", "\u0003", "--"));
        command.addAll(withDefaultInterrupt(outpostCommand("--user", "tech", "--set-address", ADDED,
                "--interface", "eth0")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(output).isEqualTo(130);
        assertThat(output).containsPattern("(?m)^Set " + ADDED + " on eth0 of the gateway until it restarts\\?");
        assertThat(output).contains("Stopped before anything was changed on the gateway. Outpost logged out of"
                + " the console.");
        assertThat(techProcessesOnConsoleAfterLogout()).isBlank();
        assertThat(gateway.exec("ip -o addr show dev eth0").stdout()).doesNotContain("inet " + ADDED);
    }

    @Test
    void interruptAfterPasswordLogsOut() throws Exception {
        Path err = home.resolve("interrupted.stderr");
        Process process = new ProcessBuilder(withDefaultInterrupt(outpostCommand("--user", "tech",
                "--password-stdin", "--show-network"))).redirectError(err.toFile())
                .redirectOutput(home.resolve("interrupted.stdout").toFile()).start();
        process.getOutputStream().write((RigGateway.TECH_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(err) && Files.readString(err).contains("> ••••••••⏎"))) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                fail("Outpost did not type the password: " + (Files.exists(err) ? Files.readString(err) : ""));
            }
            Thread.sleep(10);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("outpost stopped").isTrue();
        String stderr = Files.readString(err);
        assertThat(process.exitValue()).as(stderr).isEqualTo(130);
        assertThat(stderr).containsPattern("(?m)^Stopped ");
        assertThat(stderr).doesNotContain("may still be logged in");
        assertThat(techProcessesOnConsoleAfterLogout()).isBlank();
    }

    @Test
    void sameAddressOtherPrefixExitsOne() throws Exception {
        gateway.exec("ip addr add " + ADDED + " dev eth0");

        OutpostProcess.Result result = console(RigGateway.TECH_PASSWORD + "\n", "--user", "tech",
                "--password-stdin", "--set-address", "192.168.250.1/16", "--interface", "eth0", "--yes", "--json");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).contains("already has " + ADDED).contains("nothing was changed");
        assertThat(result.stdout()).isEmpty();
        assertThat(gateway.exec("ip -o addr show dev eth0").stdout()).contains("inet " + ADDED)
                .doesNotContain("192.168.250.1/16");
    }

    @Test
    void messagesStartOwnLines() throws Exception {
        OutpostProcess.Result result = console("not-the-password\n", "--user", "tech", "--password-stdin",
                "--show-network");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
        assertThat(result.stderr()).containsPattern("(?m)^The console on .* responds at 115200 baud\\.$");
        assertThat(result.stderr()).containsPattern("(?m)^The gateway replied \"Login incorrect\"");
    }

    @Test
    void badArgumentsRejectedBeforeOpening() throws Exception {
        List<List<String>> cases = List.of(
                List.of("--user", "", "--show-network"),
                List.of("--user", "te\nch", "--show-network"),
                List.of("--user", "-f", "--show-network"),
                List.of("--user", "tech", "--set-address", ADDED, "--interface", "eth1;id", "--yes"));
        for (List<String> arguments : cases) {
            List<String> args = new ArrayList<>(List.of("--password-stdin"));
            args.addAll(arguments);

            OutpostProcess.Result result = console(RigGateway.TECH_PASSWORD + "\n", args.toArray(String[]::new));

            assertThat(result.exitCode()).as(arguments + ": " + result.stderr()).isEqualTo(2);
            assertThat(result.stderr()).as(arguments.toString()).doesNotContain("> ").doesNotContain("responds at");
        }
    }

    @Test
    void emptyPortIsArgumentError() throws Exception {
        OutpostProcess.Result result = new OutpostProcess(home).run(RigGateway.TECH_PASSWORD + "\n", "console",
                "--port", "", "--user", "tech", "--password-stdin", "--show-network");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("No port was given").doesNotContain("COM3");
    }
}
