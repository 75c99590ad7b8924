package dev.outpost.cli;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.session.Preflight;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong arguments exit with status 2 and one line on standard error, before anything connects. */
class CommandLineArgumentsTest {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String stdin, String... args) {
        Preflight preflight = new Preflight(new GatewayConnector(), new FactsProbe(), CheckCatalog.standard());
        CommandLineApp app = new CommandLineApp(preflight, home.resolve("known_hosts"), home.resolve("journals"), () -> {
            throw new AssertionError("the wizard must not open");
        }, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return app.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void helpListsTheCommands() {
        int status = run("", "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("check").contains("wizard");
    }

    @Test
    void missingHostExitsTwo() {
        int status = run("pw\n", "check", "--user", "root", "--password-stdin");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .contains("--host").contains("outpost check --help");
    }

    @Test
    void passwordAndIdentityTogetherExitTwo() {
        int status = run("pw\n", "check", "--host", "127.0.0.1", "--user", "root", "--password-stdin",
                "--identity", "key");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void invalidPortExitsTwo() {
        int status = run("pw\n", "check", "--host", "127.0.0.1", "--user", "root", "--password-stdin", "--port",
                "70000", "--accept-new-host-key");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("70000").contains("1 to 65535");
    }

    @Test
    void malformedFingerprintExitsTwo() {
        int status = run("pw\n", "check", "--host", "127.0.0.1", "--user", "root", "--password-stdin",
                "--host-key-fingerprint", "MD5:aa:bb");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("not in OpenSSH's SHA256 form");
    }

    @Test
    void emptyStdinExitsTwo() {
        int status = run("", "check", "--host", "127.0.0.1", "--user", "root", "--password-stdin",
                "--accept-new-host-key");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("No password was given on standard input");
    }

    @Test
    void passphraseWithoutIdentityExitsTwo() {
        int status = run("pw\n", "check", "--host", "127.0.0.1", "--user", "root", "--password-stdin",
                "--passphrase-stdin", "--accept-new-host-key");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--passphrase-stdin needs --identity");
    }

    @Test
    void closedPortOnLoopbackExitsTwo() {
        int status = run("pw\n", "check", "--host", "127.0.0.1", "--port", "1", "--user", "root",
                "--password-stdin", "--accept-new-host-key");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .contains("refused the connection on port 1");
    }

    @Test
    void emptyDiscoverInterfaceExitsTwo() {
        int status = run("", "discover", "--interface", "");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .contains("The value of --interface is empty").contains("outpost discover --help");
        assertThat(out.toString()).isEmpty();
    }
}
