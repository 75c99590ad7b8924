package dev.outpost.ui;

import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(ApplicationExtension.class)
class WizardWindowTest {

    @TempDir
    static Path dataFolder;

    private final FakeGatewayChecks gateway = new FakeGatewayChecks();
    private Stage stage;

    @Start
    void start(Stage primary) {
        stage = WizardRobot.show(gateway, dataFolder);
    }

    @AfterEach
    void closeWindows() throws TimeoutException {
        gateway.releaseConnect();
        gateway.releaseChecks();
        FxToolkit.cleanupStages();
    }

    @Test
    void welcomeShowsStepsAndNext(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot);

        assertThat(robot.lookup(LabeledMatchers.hasText("Set up this site's gateway")).tryQuery()).isPresent();
        assertThat(robot.lookup(LabeledMatchers.hasText("Install")).tryQuery()).isPresent();
        assertThat(robot.lookup(LabeledMatchers.hasText("Verify")).tryQuery()).isPresent();
        assertThat(robot.lookup("#stepInstruments").tryQuery()).as("the step after Check").isPresent();
        assertThat(wizard.button("#next").isDisabled()).isFalse();
        assertThat(wizard.isShown("#back")).as("the first page has no Back").isFalse();
    }

    @Test
    void windowHasDesignedSize(FxRobot robot) {
        assertThat(stage.getScene().getWidth()).isEqualTo(WizardWindow.WIDTH);
        assertThat(stage.getScene().getHeight()).isEqualTo(WizardWindow.HEIGHT);
        assertThat(stage.getScene().getStylesheets()).anyMatch(sheet -> sheet.endsWith("outpost.css"));
    }

    @Test
    void windowShowsAppIcon(FxRobot robot) {
        assertThat(stage.getIcons()).hasSize(WizardWindow.ICON_SIZES.size());
        for (Image icon : stage.getIcons()) {
            assertThat(icon.isError()).as(icon.getUrl()).isFalse();
            assertThat(icon.getWidth()).as(icon.getUrl()).isEqualTo(icon.getHeight()).isGreaterThanOrEqualTo(16);
        }
    }

    @Test
    void navigateWelcomeToChecks(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot);

        wizard.toChecksPage();

        assertThat(gateway.checkRuns()).isEqualTo(1);
        assertThat(wizard.text("#summary")).isEqualTo("1 check must be fixed before the install");
    }

    @Test
    void headerMarksCurrentStep(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot);
        Node connectStep = robot.lookup("#stepConnect").query();
        assertThat(connectStep.getStyleClass()).contains("step-upcoming");

        wizard.toConnectPage();

        assertThat(connectStep.getStyleClass()).contains("step-current");
        assertThat(robot.lookup("#stepWelcome").query().getStyleClass()).contains("step-done");
    }

    @Test
    void backReturnsToConnectStillConnected(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot).toChecksPage();

        robot.clickOn("#back");
        wizard.waitUntil(() -> robot.lookup("#connect").tryQuery().isPresent());

        assertThat(wizard.text("#connectStatus")).startsWith("Connected to the gateway at " + WizardRobot.ADDRESS);
        assertThat(wizard.button("#next").isDisabled()).isFalse();
    }

    @Test
    void closingWindowClosesConnection(FxRobot robot) throws TimeoutException {
        new WizardRobot(robot).toConnectPage().typePasswordLogin(WizardRobot.ADDRESS, "root", "secret")
                .connectTrusting();

        FxToolkit.cleanupStages();

        new WizardRobot(robot).waitUntil(() -> gateway.connections().get(0).isClosed());
        assertThat(gateway.connections()).hasSize(1);
    }
}
