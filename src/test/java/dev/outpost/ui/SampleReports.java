package dev.outpost.ui;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.checks.CheckStatus;
import dev.outpost.engine.checks.Severity;
import dev.outpost.engine.facts.FactsParser;
import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.HostKeyInfo;
import dev.outpost.engine.session.PreflightReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pre-flight reports for the wizard's tests, built by the real check catalog from recorded probe output. */
public final class SampleReports {

    /**
     * Probe output of a Debian 12 gateway wired to the site LAN without a default route, with a swap file: every
     * check passes except the default route (a blocker) and swap (a warning).
     */
    public static final String NO_DEFAULT_ROUTE = "/facts/debian12-no-default-route.txt";

    private static final Pattern CLOCK = Pattern.compile("(?m)^clock\\.epoch=(\\d+)$");

    private SampleReports() {
    }

    /** Parses a probe output resource as the laptop would, with the laptop's clock one second behind. */
    public static GatewayFacts facts(String resource) {
        String text = read(resource);
        Matcher clock = CLOCK.matcher(text);
        if (!clock.find()) {
            throw new IllegalArgumentException("The probe output " + resource + " has no clock.epoch line.");
        }
        return FactsParser.parse(text, Long.parseLong(clock.group(1)) - 1);
    }

    /** Evaluates the standard catalog on the recorded gateway without a default route. */
    public static List<CheckResult> noDefaultRoute() {
        return CheckCatalog.standard().evaluate(facts(NO_DEFAULT_ROUTE));
    }

    /** Returns the same results with every failed or unknown check turned into a pass. */
    public static List<CheckResult> allPassed() {
        return noDefaultRoute().stream()
                .map(r -> new CheckResult(r.id(), r.severity(), CheckStatus.PASSED, r.title(), r.explanation(),
                        null, r.observed()))
                .toList();
    }

    /** Returns one result, for tests that need a particular mark. */
    public static CheckResult result(String id, Severity severity, CheckStatus status) {
        return new CheckResult(id, severity, status, "Title of " + id, "Explanation of " + id,
                status == CheckStatus.PASSED ? null : "Fix for " + id, "observed " + id);
    }

    /** Wraps results in a report for the connection's gateway. */
    public static PreflightReport report(ConnectionSettings settings, HostKeyInfo hostKey, List<CheckResult> results) {
        return new PreflightReport(settings.host(), settings.port(), settings.user(), hostKey,
                facts(NO_DEFAULT_ROUTE), results, 1, Instant.now(), Duration.ofMillis(240));
    }

    private static String read(String resource) {
        try (InputStream in = SampleReports.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("The test resource " + resource + " is missing.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
