package dev.outpost.ui.checks;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.SampleReports;
import dev.outpost.ui.WizardRobot;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class ChecksPageTest {

    @TempDir
    static Path dataFolder;

    private final FakeGatewayChecks gateway = new FakeGatewayChecks();

    @Start
    void start(Stage primary) {
        WizardRobot.show(gateway, dataFolder);
    }

    @AfterEach
    void closeWindows() throws TimeoutException {
        gateway.releaseChecks();
        FxToolkit.cleanupStages();
    }

    private static List<ListCell<?>> filledCells(FxRobot robot) {
        return robot.lookup("#checkList .list-cell").queryAllAs(ListCell.class).stream()
                .filter(cell -> !cell.isEmpty())
                .<ListCell<?>>map(cell -> cell)
                .toList();
    }

    @Test
    void checksListShowsMarks(FxRobot robot) {
        new WizardRobot(robot).toChecksPage();

        List<ListCell<?>> cells = filledCells(robot);
        assertThat(cells).isNotEmpty();
        assertThat(cells.get(0).getStyleClass()).contains("check-cell-fail");
        assertThat(cells.get(0).lookup(".mark-icon").getStyleClass()).contains("mark-fail");
        assertThat(cells.get(1).lookup(".mark-icon").getStyleClass()).contains("mark-warning");
        assertThat(cells.get(2).lookup(".mark-icon").getStyleClass()).contains("mark-pass");
        assertThat(cells.get(0).getAccessibleText()).startsWith("Must be fixed: The gateway has a default route. ");
    }

    @Test
    void failedRowShowsFinding(FxRobot robot) {
        new WizardRobot(robot).toChecksPage();
        CheckResult route = result("network.default-route");

        List<ListCell<?>> cells = filledCells(robot);
        Label finding = (Label) cells.get(0).lookup(".check-finding");
        assertThat(finding.getText()).isEqualTo(CheckItem.firstSentence(route.explanation()));
        assertThat(finding.getText()).startsWith("The gateway has no default route.");
        assertThat(cells.get(1).lookup(".check-finding")).as("the warning row").isNotNull();
        assertThat(cells.get(2).lookup(".check-finding")).as("a passed row").isNull();
    }

    @Test
    void summaryNamesBlockers(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toChecksPage();

        assertThat(wizard.text("#summary")).isEqualTo("1 check must be fixed before the install");
        assertThat(wizard.text("#summaryAdvice")).contains("Run checks again");
        assertThat(robot.lookup(".summary .mark-icon").query().getStyleClass()).contains("mark-fail");
    }

    @Test
    void failedCheckDetailShownFirst(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toChecksPage();
        CheckResult route = result("network.default-route");

        assertThat(wizard.text("#detailTitle")).isEqualTo(route.title());
        assertThat(wizard.text("#detailVerdict")).isEqualTo(CheckItem.MUST_BE_FIXED);
        assertThat(wizard.text("#detailExplanation")).isEqualTo(route.explanation());
        assertThat(wizard.text("#detailFix")).isEqualTo(route.fix());
        assertThat(robot.lookup("#detailObserved").queryAs(TextArea.class).getText()).isEqualTo(route.observed());
    }

    @Test
    void selectingCheckShowsDetail(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toChecksPage();
        CheckResult memory = result("system.memory");

        robot.clickOn(memory.title());
        wizard.waitUntil(() -> wizard.text("#detailTitle").equals(memory.title()));

        assertThat(wizard.text("#detailVerdict")).isEqualTo(CheckItem.PASSED);
        assertThat(wizard.text("#detailExplanation")).isEqualTo(memory.explanation());
        assertThat(wizard.isShown("#detailFix")).as("a passed check has nothing to fix").isFalse();
        TextArea observed = robot.lookup("#detailObserved").queryAs(TextArea.class);
        assertThat(observed.getText()).isEqualTo(memory.observed());
        assertThat(observed.isEditable()).isFalse();
    }

    @Test
    void nextDisabledWhileBlockerFailed(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toChecksPage();

        assertThat(wizard.isShown("#next")).isTrue();
        assertThat(wizard.button("#next").isDisabled()).isTrue();
        assertThat(wizard.button("#back").isDisabled()).isFalse();
    }

    @Test
    void readyEnablesNextToInstall(FxRobot robot) {
        gateway.results(SampleReports.allPassed());

        WizardRobot wizard = new WizardRobot(robot).toChecksPage();

        assertThat(wizard.text("#summary")).isEqualTo("Ready to install");
        assertThat(wizard.isShown("#next")).isTrue();
        assertThat(wizard.button("#next").isDisabled()).isFalse();
        assertThat(wizard.isShown("#lastStep")).as("the enrollment page follows").isFalse();
    }

    @Test
    void warningsStillEnableNext(FxRobot robot) {
        gateway.results(SampleReports.noDefaultRoute().stream()
                .filter(result -> !result.id().equals("network.default-route"))
                .toList());

        WizardRobot wizard = new WizardRobot(robot).toChecksPage();

        assertThat(wizard.text("#summary")).isEqualTo("Ready to install");
        assertThat(wizard.button("#next").isDisabled()).as("a warning does not block the install").isFalse();
    }

    @Test
    void lastStepLineHiddenOnConnect(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toConnectPage();

        assertThat(wizard.isShown("#lastStep")).isFalse();
        assertThat(wizard.isShown("#next")).isTrue();
    }

    @Test
    void nextDisabledWhileChecksRun(FxRobot robot) {
        gateway.results(SampleReports.allPassed());
        WizardRobot wizard = new WizardRobot(robot).toChecksPage();
        gateway.holdChecks();

        robot.clickOn("#rerun");
        wizard.waitUntil(() -> wizard.isShown("#checksProgress"));

        assertThat(wizard.button("#next").isDisabled()).isTrue();
        assertThat(wizard.button("#rerun").isDisabled()).isTrue();
        assertThat(wizard.button("#back").isDisabled()).isTrue();
        assertThat(wizard.text("#summary")).isEqualTo("Checking the gateway…");

        gateway.releaseChecks();
        wizard.waitUntil(() -> !wizard.button("#rerun").isDisabled());
        assertThat(gateway.checkRuns()).isEqualTo(2);
    }

    @Test
    void stopShowsWhatToDo(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toChecksPage();
        gateway.holdChecks();
        robot.clickOn("#rerun");
        wizard.waitUntil(() -> wizard.isShown("#stopChecks"));

        robot.clickOn("#stopChecks");
        wizard.waitUntil(() -> wizard.isShown("#error"));

        assertThat(wizard.text("#error")).isEqualTo(ChecksViewModel.STOPPED);
        assertThat(wizard.button("#next").isDisabled()).isTrue();
        assertThat(wizard.button("#back").isDisabled()).isFalse();
        assertThat(gateway.connections().get(0).isClosed()).isTrue();
    }

    @Test
    void runAgainAfterStopReconnects(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toChecksPage();
        gateway.holdChecks();
        robot.clickOn("#rerun");
        wizard.waitUntil(() -> wizard.isShown("#stopChecks"));
        robot.clickOn("#stopChecks");
        wizard.waitUntil(() -> wizard.isShown("#error"));
        gateway.releaseChecks();

        robot.clickOn("#rerun");
        wizard.waitUntil(() -> gateway.checkRuns() == 3 && !wizard.button("#rerun").isDisabled());

        assertThat(wizard.isShown("#error")).isFalse();
        assertThat(wizard.text("#summary")).isEqualTo("1 check must be fixed before the install");
        assertThat(gateway.connections()).hasSize(2);
        assertThat(robot.lookup("#trustHostKey").tryQuery()).as("the trusted key is not asked about again").isEmpty();
    }

    private static CheckResult result(String id) {
        return SampleReports.noDefaultRoute().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }
}
