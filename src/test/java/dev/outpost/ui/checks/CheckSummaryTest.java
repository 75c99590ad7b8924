package dev.outpost.ui.checks;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.checks.CheckStatus;
import dev.outpost.engine.checks.Severity;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.SampleReports;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckSummaryTest {

    private static PreflightReport report(List<CheckResult> results) {
        ConnectionSettings settings = ConnectionSettings.of("192.168.16.53", "root",
                new Credentials.Password(new char[0]), new HostKeyPolicy.AcceptNew(), Path.of("known_hosts"));
        return SampleReports.report(settings, FakeGatewayChecks.HOST_KEY, results);
    }

    private static CheckResult passed(String id) {
        return SampleReports.result(id, Severity.BLOCKER, CheckStatus.PASSED);
    }

    @Test
    void allPassedIsReady() {
        CheckSummary summary = CheckSummary.of(report(List.of(passed("a"), passed("b"))));

        assertThat(summary.tone()).isEqualTo(CheckSummary.Tone.READY);
        assertThat(summary.headline()).isEqualTo("Ready to install");
        assertThat(summary.advice()).startsWith("Every check passed.");
    }

    @Test
    void oneWarningIsReadyWithWarning() {
        CheckSummary summary = CheckSummary.of(report(List.of(passed("a"),
                SampleReports.result("system.swap", Severity.WARNING, CheckStatus.FAILED))));

        assertThat(summary.tone()).isEqualTo(CheckSummary.Tone.WARNINGS);
        assertThat(summary.headline()).isEqualTo("Ready to install");
        assertThat(summary.advice()).isEqualTo("1 check has a warning. The install can go ahead, but read it first.");
    }

    @Test
    void twoWarningsUsePlural() {
        CheckSummary summary = CheckSummary.of(report(List.of(
                SampleReports.result("system.swap", Severity.WARNING, CheckStatus.FAILED),
                SampleReports.result("clock.skew", Severity.BLOCKER, CheckStatus.UNKNOWN))));

        assertThat(summary.advice()).startsWith("2 checks have warnings.");
    }

    @Test
    void oneBlockerMustBeFixed() {
        CheckSummary summary = CheckSummary.of(report(SampleReports.noDefaultRoute()));

        assertThat(summary.tone()).isEqualTo(CheckSummary.Tone.BLOCKED);
        assertThat(summary.headline()).isEqualTo("1 check must be fixed before the install");
        assertThat(summary.advice()).contains("Run checks again");
    }

    @Test
    void twoBlockersUsePlural() {
        CheckSummary summary = CheckSummary.of(report(List.of(
                SampleReports.result("a", Severity.BLOCKER, CheckStatus.FAILED),
                SampleReports.result("b", Severity.BLOCKER, CheckStatus.FAILED),
                SampleReports.result("c", Severity.WARNING, CheckStatus.FAILED))));

        assertThat(summary.headline()).isEqualTo("2 checks must be fixed before the install");
    }

    @Test
    void sampleGatewayHasOneBlockerAndOneWarning() {
        List<CheckResult> results = SampleReports.noDefaultRoute();

        assertThat(results).filteredOn(r -> r.mark() == CheckResult.Mark.FAIL)
                .extracting(CheckResult::id).containsExactly("network.default-route");
        assertThat(results).filteredOn(r -> r.mark() == CheckResult.Mark.WARNING)
                .extracting(CheckResult::id).containsExactly("system.swap");
        assertThat(results).filteredOn(r -> r.mark() == CheckResult.Mark.PASS).hasSize(results.size() - 2);
    }
}
