package dev.outpost.engine.facts;

import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.ShellQuoting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Gathers {@link GatewayFacts} with one remote command. The probe script runs under the login user's {@code sh} and
 * changes nothing on the gateway; the only secret it receives, the sudo password, travels on standard input.
 */
public final class FactsProbe {

    private static final Logger log = LoggerFactory.getLogger(FactsProbe.class);
    private static final String SCRIPT_RESOURCE = "gateway-facts.sh";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    private final String script;

    public FactsProbe() {
        this.script = loadScript();
    }

    /** Returns the probe script, for reading or for running it elsewhere. */
    public String script() {
        return script;
    }

    /** Runs the probe on the gateway and parses what it printed. Blocks for one round trip plus the script. */
    public GatewayFacts probe(GatewaySession session) throws GatewayException {
        byte[] stdin = sudoPasswordLine(session);
        long sentMillis = System.currentTimeMillis();
        CommandResult result;
        try {
            result = session.run("sh -c " + ShellQuoting.quote(script), stdin, PROBE_TIMEOUT,
                    "gathering the gateway's facts");
        } finally {
            Arrays.fill(stdin, (byte) 0);
        }
        long receivedMillis = System.currentTimeMillis();
        if (!result.stderr().isBlank()) {
            log.debug("The facts probe wrote to standard error: {}", result.stderr().strip());
        }
        long midpointSeconds = (sentMillis + receivedMillis) / 2 / 1000;
        GatewayFacts facts = FactsParser.parse(result.stdout(), midpointSeconds);
        if (!facts.complete()) {
            log.warn("The facts probe stopped early with exit code {}; missing facts count as unknown.",
                    result.exitCode());
        }
        log.info("Gathered the gateway's facts in {} ms: {} {} on {}.", result.duration().toMillis(),
                facts.os().prettyName(), facts.kernelRelease(), facts.machine());
        return facts;
    }

    private static byte[] sudoPasswordLine(GatewaySession session) {
        if (session.settings().isRoot()) {
            return new byte[] {'\n'};
        }
        return session.settings().credentials().sudoPassword()
                .map(password -> {
                    byte[] bytes = Credentials.utf8(password);
                    byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
                    line[bytes.length] = '\n';
                    Arrays.fill(bytes, (byte) 0);
                    return line;
                })
                .orElse(new byte[] {'\n'});
    }

    private static String loadScript() {
        try (InputStream in = FactsProbe.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The facts probe script " + SCRIPT_RESOURCE + " is missing from"
                        + " the application; the installation is damaged. Reinstall Outpost.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
