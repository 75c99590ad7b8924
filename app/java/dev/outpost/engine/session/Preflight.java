package dev.outpost.engine.session;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pre-flight run: connect to the gateway, gather its facts in one command, and evaluate the check catalog.
 * Every method blocks and reports progress to a {@link SessionListener} on the calling thread.
 */
public final class Preflight {

    private static final Logger log = LoggerFactory.getLogger(Preflight.class);

    private final GatewayConnector connector;
    private final FactsProbe probe;
    private final CheckCatalog catalog;

    public Preflight(GatewayConnector connector, FactsProbe probe, CheckCatalog catalog) {
        this.connector = connector;
        this.probe = probe;
        this.catalog = catalog;
    }

    /** Opens a session to the gateway. Blocks, including while a person answers the host-key question. */
    public GatewaySession connect(ConnectionSettings settings, SessionListener listener) throws GatewayException {
        listener.onEvent(new SessionEvent.StepStarted(Instant.now(), SessionEvent.Step.CONNECT,
                "Connecting to the gateway at " + settings.host() + "."));
        try {
            GatewaySession session = connector.connect(settings);
            listener.onEvent(new SessionEvent.StepFinished(Instant.now(), SessionEvent.Step.CONNECT, true,
                    "Connected to " + settings.host() + " as " + settings.user() + "."));
            return session;
        } catch (GatewayException e) {
            listener.onEvent(new SessionEvent.StepFinished(Instant.now(), SessionEvent.Step.CONNECT, false,
                    e.getMessage()));
            throw e;
        }
    }

    /** Gathers the facts over an open session and evaluates every check. Blocks for about one round trip. */
    public PreflightReport check(GatewaySession session, SessionListener listener) throws GatewayException {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        int commandsBefore = session.commandsRun();

        listener.onEvent(new SessionEvent.StepStarted(Instant.now(), SessionEvent.Step.GATHER_FACTS,
                "Asking the gateway about its system."));
        GatewayFacts facts;
        try {
            facts = probe.probe(session);
        } catch (GatewayException e) {
            listener.onEvent(new SessionEvent.StepFinished(Instant.now(), SessionEvent.Step.GATHER_FACTS, false,
                    e.getMessage()));
            throw e;
        }
        listener.onEvent(new SessionEvent.StepFinished(Instant.now(), SessionEvent.Step.GATHER_FACTS, true,
                "The gateway answered."));

        listener.onEvent(new SessionEvent.StepStarted(Instant.now(), SessionEvent.Step.RUN_CHECKS,
                "Checking whether the gateway is ready."));
        List<CheckResult> results = new ArrayList<>();
        for (CheckResult result : catalog.evaluate(facts)) {
            results.add(result);
            log.debug("Check {} {}: {}", result.id(), result.status(), result.observed());
            listener.onEvent(new SessionEvent.CheckEvaluated(Instant.now(), result));
        }
        var settings = session.settings();
        PreflightReport report = new PreflightReport(settings.host(), settings.port(), settings.user(),
                session.hostKey(), facts, results, session.commandsRun() - commandsBefore, started,
                Duration.ofNanos(System.nanoTime() - startNanos));
        String outcome = report.ready()
                ? "The gateway is ready: no check blocks the install."
                : report.blockers().size() + " check(s) block the install.";
        log.info("Pre-flight checks finished for {}: {} passed, {} warnings, {} failed.", settings.host(),
                report.count(CheckResult.Mark.PASS), report.count(CheckResult.Mark.WARNING),
                report.count(CheckResult.Mark.FAIL));
        listener.onEvent(new SessionEvent.StepFinished(Instant.now(), SessionEvent.Step.RUN_CHECKS, report.ready(),
                outcome));
        return report;
    }

    /** Connects, checks and disconnects. Blocks. */
    public PreflightReport run(ConnectionSettings settings, SessionListener listener) throws GatewayException {
        try (GatewaySession session = connect(settings, listener)) {
            return check(session, listener);
        }
    }
}
