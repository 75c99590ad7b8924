package dev.outpost.ui.checks;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.checks.CheckStatus;
import dev.outpost.engine.checks.Severity;
import dev.outpost.ui.SampleReports;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckItemTest {

    @Test
    void passedCheckIsPass() {
        CheckItem item = CheckItem.of(SampleReports.result("system.memory", Severity.BLOCKER, CheckStatus.PASSED));

        assertThat(item.mark()).isEqualTo(CheckMark.PASS);
        assertThat(item.verdict()).isEqualTo(CheckItem.PASSED);
        assertThat(item.fix()).isNull();
    }

    @Test
    void failedBlockerIsFail() {
        CheckItem item = CheckItem.of(SampleReports.result("network.default-route", Severity.BLOCKER,
                CheckStatus.FAILED));

        assertThat(item.mark()).isEqualTo(CheckMark.FAIL);
        assertThat(item.verdict()).isEqualTo(CheckItem.MUST_BE_FIXED);
        assertThat(item.fix()).isEqualTo("Fix for network.default-route");
    }

    @Test
    void failedWarningIsWarning() {
        CheckItem item = CheckItem.of(SampleReports.result("system.swap", Severity.WARNING, CheckStatus.FAILED));

        assertThat(item.mark()).isEqualTo(CheckMark.WARNING);
        assertThat(item.verdict()).isEqualTo(CheckItem.WARNING);
    }

    @Test
    void unknownBlockerIsWarningCouldNotCheck() {
        CheckItem item = CheckItem.of(SampleReports.result("clock.skew", Severity.BLOCKER, CheckStatus.UNKNOWN));

        assertThat(item.mark()).isEqualTo(CheckMark.WARNING);
        assertThat(item.verdict()).isEqualTo(CheckItem.UNKNOWN);
    }

    @Test
    void failedInfoIsInfo() {
        CheckItem item = CheckItem.of(SampleReports.result("clock.sync", Severity.INFO, CheckStatus.FAILED));

        assertThat(item.mark()).isEqualTo(CheckMark.INFO);
        assertThat(item.verdict()).isEqualTo(CheckItem.INFO);
    }

    @Test
    void itemKeepsResultText() {
        CheckResult result = SampleReports.result("system.swap", Severity.WARNING, CheckStatus.FAILED);

        CheckItem item = CheckItem.of(result);

        assertThat(item.id()).isEqualTo(result.id());
        assertThat(item.title()).isEqualTo(result.title());
        assertThat(item.explanation()).isEqualTo(result.explanation());
        assertThat(item.observed()).isEqualTo(result.observed());
    }

    @Test
    void failedCheckShowsFirstSentence() {
        CheckResult result = new CheckResult("system.disk", Severity.BLOCKER, CheckStatus.FAILED,
                "There is enough free disk space", "The gateway has 2.5 GB free on /var/lib. K3s needs at least"
                + " 10 GB.", "Free some space.", "2.5 GB free");

        CheckItem item = CheckItem.of(result);

        assertThat(item.title()).isEqualTo("There is enough free disk space");
        assertThat(item.finding()).isEqualTo("The gateway has 2.5 GB free on /var/lib.");
    }

    @Test
    void warningShowsFinding() {
        CheckItem item = CheckItem.of(SampleReports.result("system.swap", Severity.WARNING, CheckStatus.FAILED));

        assertThat(item.finding()).isEqualTo("Explanation of system.swap");
    }

    @Test
    void passedCheckHasNoFinding() {
        CheckItem item = CheckItem.of(SampleReports.result("system.memory", Severity.BLOCKER, CheckStatus.PASSED));

        assertThat(item.finding()).isNull();
    }

    @Test
    void marksOrderFailuresFirst() {
        assertThat(CheckMark.values()).containsExactly(CheckMark.FAIL, CheckMark.WARNING, CheckMark.INFO,
                CheckMark.PASS);
    }
}
