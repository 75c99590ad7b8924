package dev.outpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.session.Preflight;
import dev.outpost.testing.SerialPeers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code outpost instruments}: the arguments, and a local scan of pseudo-terminals with real peers. */
class InstrumentsCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        Preflight preflight = new Preflight(new GatewayConnector(), new FactsProbe(), CheckCatalog.standard());
        CommandLineApp app = new CommandLineApp(preflight, dir.resolve("known_hosts"), dir.resolve("journals"), () -> {
            throw new AssertionError("the wizard must not open");
        }, new ByteArrayInputStream(new byte[0]));
        return app.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void needsLocalOrHost() {
        assertThat(run("instruments")).isEqualTo(2);
        assertThat(err.toString()).contains("--local").contains("--help");
    }

    @Test
    void publishNeedsHost() {
        assertThat(run("instruments", "--local", "--publish", "--serial-port", dir.resolve("none").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--publish needs --host");
    }

    @Test
    void unitIdRangeTooLongRejected() {
        assertThat(run("instruments", "--local", "--unit-ids", "1-200")).isEqualTo(2);
        assertThat(err.toString()).contains("too long");
    }

    @Test
    void scansNamedPortsAsJson() throws Exception {
        assumeTrue(SerialPeers.available(), "socat, python3-gps and python3-pymodbus are needed");
        try (SerialPeers peers = new SerialPeers(dir)) {
            Path gps = peers.gps("ttyGPS", "bu353s4-excerpt.log");
            Path scpi = peers.scpi("ttySCPI", "Rigol Technologies,DS1054Z,DS1ZA0001,00.04.04");

            int status = run("instruments", "--local", "--serial-port", gps.toString(), "--serial-port", scpi.toString(),
                    "--json");

            assertThat(status).isEqualTo(0);
            JsonNode inventory = new ObjectMapper().readTree(out.toString());
            assertThat(inventory.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(inventory.get("protocols").toString()).isEqualTo("[\"nmea0183\",\"scpi\"]");
            assertThat(inventory.get("ports").get(0).get("identity").asText()).startsWith("GNSS receiver");
            assertThat(inventory.get("ports").get(1).get("identity").asText()).startsWith("Rigol Technologies"
                    + " DS1054Z");
        }
    }
}
