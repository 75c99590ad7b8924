package dev.outpost.engine.session;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.checks.CheckStatus;
import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.gateway.HostKeyInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a pre-flight run against one gateway.
 *
 * @param host        the gateway's address
 * @param port        the SSH port
 * @param user        the login user
 * @param hostKey     the host key the gateway presented
 * @param facts       what the probe gathered
 * @param results     every check's result, in catalog order
 * @param commandsRun remote commands run for this report, each one SSH round trip plus its run time
 * @param startedAt   when the run began
 * @param elapsed     how long gathering and checking took, excluding the connection
 */
public record PreflightReport(String host, int port, String user, HostKeyInfo hostKey, GatewayFacts facts,
                              List<CheckResult> results, int commandsRun, Instant startedAt, Duration elapsed) {

    public long count(CheckResult.Mark mark) {
        return results.stream().filter(r -> r.mark() == mark).count();
    }

    public long unknownCount() {
        return results.stream().filter(r -> r.status() == CheckStatus.UNKNOWN).count();
    }

    public List<CheckResult> blockers() {
        return results.stream().filter(CheckResult::blocks).toList();
    }

    /** Returns whether no blocker failed, so the install may go ahead. */
    public boolean ready() {
        return blockers().isEmpty();
    }
}
