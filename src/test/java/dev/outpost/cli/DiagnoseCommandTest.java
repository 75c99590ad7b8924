package dev.outpost.cli;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code outpost diagnose} against a gateway that does not respond, and {@code diagnose show} on good and bad files. */
class DiagnoseCommandTest {

    private static final String PASSWORD = "typed-login-password-77";

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        AppDirectories directories = new AppDirectories(home.resolve("data"), home.resolve("logs"));
        Preflight preflight = new Preflight(new GatewayConnector(), new FactsProbe(), CheckCatalog.standard());
        CommandLineApp app = new CommandLineApp(preflight, directories, () -> {
            throw new AssertionError("the wizard must not open");
        }, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return app.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void unreachableGatewayStillWritesTheFile() throws Exception {
        Files.createDirectories(home.resolve("logs"));
        Files.writeString(home.resolve("logs").resolve("outpost.log"), "INFO sudo got " + PASSWORD + "\n");
        Path file = home.resolve("diagnostics.zip");

        int status = run(PASSWORD + "\n", "diagnose", "--out", file.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(closedPort()), "--user", "tech", "--password-stdin", "--accept-new-host-key",
                "--connect-timeout", "2", "--mask-addresses");

        assertThat(status).as(err.toString()).isZero();
        assertThat(err.toString()).contains("The diagnostics file holds what this laptop knows.");
        assertThat(out.toString()).contains("Wrote " + file).contains("Not collected: the cluster snapshot")
                .contains("outpost diagnose show diagnostics.zip");
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (var entry : java.util.Collections.list(zip.entries())) {
                String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).as(entry.getName()).doesNotContain(PASSWORD);
            }
        }

        out.getBuffer().setLength(0);
        assertThat(run("", "diagnose", "show", file.toString())).isZero();
        assertThat(out.toString()).contains("ATTENTION:").contains("What needs attention:")
                .contains("The gateway could not be reached for this export.").contains("Not collected:")
                .contains("passwords").contains("(addresses and host names are masked)");
    }

    @Test
    void laptopOnlyWithoutHost() {
        Path file = home.resolve("laptop.zip");

        assertThat(run("", "diagnose", "--out", file.toString())).isZero();

        assertThat(file).exists();
        assertThat(out.toString()).contains("No gateway was named (--host)");
    }

    @Test
    void showOfAnotherFileExitsWithTwo() throws Exception {
        Path text = Files.writeString(home.resolve("notes.zip"), "hello");

        assertThat(run("", "diagnose", "show", text.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a zip file");
    }

    @Test
    void invalidPatternExitsWithTwoWithoutEchoingIt() {
        int status = run("", "diagnose", "--out", home.resolve("x.zip").toString(), "--redact-pattern",
                "secret-(value");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("redaction pattern 1 given on the command line")
                .doesNotContain("secret-(value");
        assertThat(home.resolve("x.zip")).doesNotExist();
    }

    @Test
    void hostWithoutLoginIsAnArgumentError() {
        int status = run("", "diagnose", "--out", home.resolve("y.zip").toString(), "--host", "192.0.2.1");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required argument");
    }

    @Test
    void outIsRequired() {
        assertThat(run("", "diagnose")).isEqualTo(2);
        assertThat(err.toString()).contains("--out");
    }
}
