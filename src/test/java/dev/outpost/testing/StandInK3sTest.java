package dev.outpost.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the generated stand-in scripts without running them: they would install into the machine they run on,
 * so {@code StandInK3sIT} runs them on a rig gateway instead.
 */
class StandInK3sTest {

    private static MockKubeApiServer server;

    @TempDir
    Path folder;

    @BeforeAll
    static void startServer() {
        server = MockKubeApiServer.start("127.0.0.1");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void k3sBinaryEmbedsServer() {
        String script = StandInK3s.forServer(server).k3sBinary();

        assertThat(script).startsWith("#!/bin/sh\n");
        assertThat(script).contains("MOCK_API_HOST='127.0.0.1'", "MOCK_API_PORT='" + server.port() + "'",
                "BEHAVIOUR='READY'", "K3S_VERSION='v1.29.1+k3s1'");
        assertThat(script).contains(server.caPem().strip(), server.clientCertPem().strip(),
                server.clientKeyPem().strip());
        assertThat(script).doesNotContainPattern("@[A-Z_]+@");
    }

    @Test
    void behaviourAndDelayAreEmbedded() {
        String script = StandInK3s.forServer(server).withBehaviour(StandInK3s.Behaviour.SLOW_START)
                .withStartDelay(Duration.ofSeconds(42)).k3sBinary();

        assertThat(script).contains("BEHAVIOUR='SLOW_START'", "START_DELAY_SECONDS='42'");
    }

    @Test
    void scriptsParseAsPosixShell() throws Exception {
        StandInK3s k3s = StandInK3s.forServer(server);
        Path install = k3s.writeInstallScript(folder.resolve("install.sh"));
        Path binary = k3s.writeK3sBinary(folder.resolve("k3s"));

        for (Path script : List.of(install, binary)) {
            assertThat(Files.getPosixFilePermissions(script)).isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
            Process parse = new ProcessBuilder("sh", "-n", script.toString()).redirectErrorStream(true).start();
            assertThat(parse.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(parse.exitValue()).as(new String(parse.getInputStream().readAllBytes())).isZero();
        }
    }

    @Test
    void negativeDelayIsRejected() {
        assertThatThrownBy(() -> StandInK3s.forServer(server).withStartDelay(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
    }
}
