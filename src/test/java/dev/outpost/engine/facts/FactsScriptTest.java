package dev.outpost.engine.facts;

import dev.outpost.engine.facts.GatewayFacts.Architecture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real probe script on this Linux machine under each shell a gateway may have, with nothing but that shell's
 * own tools on the PATH for BusyBox, and checks the parsed facts against what Java reads from {@code /proc}.
 */
@EnabledOnOs(OS.LINUX)
class FactsScriptTest {

    @TempDir
    Path tools;

    /** Removes the BusyBox applet links, which would otherwise make JUnit warn once per link as it cleans up. */
    @AfterEach
    void removeAppletLinks() throws IOException {
        try (var links = Files.list(tools)) {
            for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                Files.delete(link);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bin/sh", "/bin/dash", "/bin/bash", "busybox"})
    void scriptRunsUnderShell(String shell) throws Exception {
        List<String> command = shellCommand(shell);
        String output = run(command, shell.equals("busybox") ? tools.toString() : System.getenv("PATH"));

        GatewayFacts facts = FactsParser.parse(output, System.currentTimeMillis() / 1000);

        assertThat(facts.complete()).as("probe reached its last line").isTrue();
        assertThat(facts.hostname()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
        assertThat(facts.architecture()).isNotIn(Architecture.UNKNOWN);
        assertThat(facts.memory().totalBytes()).isEqualTo(memTotalKib() * 1024);
        assertThat(facts.cpuCount()).isPositive();
        assertThat(facts.clock().skewSeconds()).isBetween(-5L, 5L);
        assertThat(facts.disks()).extracting(GatewayFacts.DiskSpace::target)
                .containsExactly("/var/lib/rancher", "/usr/local/bin", "/etc/rancher");
        assertThat(facts.disks()).allSatisfy(d -> assertThat(d.availableBytes()).isNotNull());
        assertThat(facts.os().id()).isNotBlank();
    }

    private List<String> shellCommand(String shell) throws Exception {
        String script = new FactsProbe().script();
        if (!shell.equals("busybox")) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed");
            return List.of(shell, "-c", script);
        }
        Path busybox = Path.of("/bin/busybox");
        boolean required = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(busybox)) {
            assertThat(required).as("BusyBox is missing; install Debian's busybox package").isFalse();
            Assumptions.abort("BusyBox is not installed");
        }
        for (String applet : run(List.of(busybox.toString(), "--list"), "/usr/bin:/bin").split("\n")) {
            if (!applet.isBlank()) {
                Files.createSymbolicLink(tools.resolve(applet.trim()), busybox);
            }
        }
        return List.of(tools.resolve("sh").toString(), "-c", script);
    }

    private static String run(List<String> command, String path) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().put("PATH", path);
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write('\n');
        } catch (IOException e) {
            // A command that does not read its input, such as "busybox --list", may exit before the write.
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }

    private static long memTotalKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }
}
