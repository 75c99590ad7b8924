package dev.outpost.ui.install;

import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.FakeGatewayInstall;
import dev.outpost.ui.SampleReports;
import dev.outpost.ui.TestBundles;
import dev.outpost.ui.WizardRobot;
import dev.outpost.ui.WizardWindow;
import dev.outpost.ui.common.TrustedBundleChecks;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The install page in the real window on Monocle, driven through the test doubles of the checks and the install. */
@ExtendWith(ApplicationExtension.class)
class InstallPageTest {

    private static final String SITE = "shop-0142-gw";
    private static final String START_FAILED = "K3s did not start: port 6443 is already in use by another program on"
            + " the gateway. Stop that program, then choose Try again.";

    @TempDir
    static Path folder;

    private static Path bundle;

    private final FakeGatewayChecks gateway = new FakeGatewayChecks().results(SampleReports.allPassed());
    private final FakeGatewayInstall install = new FakeGatewayInstall();
    private WizardWindow window;

    @BeforeAll
    static void buildBundle() throws Exception {
        bundle = TestBundles.build(folder.resolve("usb"), "site-2026-12.tar");
    }

    @Start
    void start(Stage primary) throws Exception {
        Path dataFolder = Files.createTempDirectory(folder, "data");
        TrustedKeys keys = TestBundles.trustingHeadOffice(dataFolder);
        window = WizardRobot.open(new Stage(), gateway, install, new TrustedBundleChecks(keys), keys, dataFolder);
    }

    @AfterEach
    void closeWindows() throws TimeoutException {
        install.release();
        FxToolkit.cleanupStages();
    }

    /** Chooses the bundle on the welcome page, then goes through connect and checks to the install page. */
    private WizardRobot toInstallPage(FxRobot robot, boolean withBundle) {
        WizardRobot wizard = new WizardRobot(robot);
        if (withBundle) {
            wizard.chooseBundle(window, bundle);
        }
        return wizard.toChecksPage().toInstallPage();
    }

    @Test
    void formSuggestsGatewayName(FxRobot robot) {
        WizardRobot wizard = toInstallPage(robot, true);

        assertThat(robot.lookup("#siteName").queryAs(TextField.class).getText()).isEqualTo(SITE);
        assertThat(wizard.text("#installBundle"))
                .isEqualTo("The install uses the verified bundle site-2026-12, with K3s v1.29.1+k3s1.");
        assertThat(wizard.isShown("#noBundle")).isFalse();
        assertThat(wizard.button("#install").isDisabled()).isFalse();
        assertThat(wizard.isShown("#next")).as("the verify page follows").isTrue();
        assertThat(wizard.button("#next").isDisabled()).as("until the install is done").isTrue();
        assertThat(wizard.isShown("#lastStep")).isFalse();
        assertThat(robot.lookup("#stepInstall").query().getStyleClass()).contains("step-current");
    }

    @Test
    void withoutBundleInstallDisabled(FxRobot robot) {
        WizardRobot wizard = toInstallPage(robot, false);

        assertThat(wizard.isShown("#noBundle")).isTrue();
        assertThat(wizard.text("#noBundle")).isEqualTo(InstallViewModel.NO_BUNDLE);
        assertThat(wizard.isShown("#installBundle")).isFalse();
        assertThat(wizard.button("#install").isDisabled()).isTrue();
    }

    @Test
    void invalidNameShowsMessage(FxRobot robot) {
        WizardRobot wizard = toInstallPage(robot, true);
        robot.interact(() -> robot.lookup("#siteName").queryAs(TextField.class).setText("Shop 142"));

        robot.clickOn("#install");
        wizard.waitUntil(() -> !wizard.text("#siteNameError").isBlank());

        assertThat(wizard.text("#siteNameError")).startsWith("The site name cannot contain spaces.");
        assertThat(wizard.isShown("#siteName")).as("the form stays").isTrue();
        assertThat(install.runs()).isZero();
    }

    @Test
    void installRunsToFinished(FxRobot robot) {
        WizardRobot wizard = toInstallPage(robot, true);

        robot.clickOn("#install");
        wizard.waitUntil(() -> wizard.text("#installHeadline").startsWith("K3s is running"));

        assertThat(wizard.text("#installHeadline")).isEqualTo("K3s is running on " + SITE + ". The node is ready.");
        assertThat(robot.lookup(".summary .mark-icon").query().getStyleClass()).contains("mark-pass");
        for (int i = 1; i <= FakeGatewayInstall.PLAN.size(); i++) {
            assertThat(robot.lookup("#installStep" + i).query().getStyleClass()).contains("install-step-done");
        }
        assertThat(wizard.text("#stepsDone")).isEqualTo("8 of 8 steps done");
        assertThat(wizard.isShown("#cancelInstall")).isFalse();
        assertThat(wizard.isShown("#installAgain")).isFalse();
        assertThat(wizard.isShown("#currentStep")).isFalse();
        assertThat(wizard.button("#next").isDisabled()).as("the verify page follows").isFalse();
        assertThat(wizard.button("#back").isDisabled()).isFalse();
        assertThat(install.sites().get(0).nodeName()).isEqualTo(SITE);
        assertThat(install.joins()).containsExactly(FakeGatewayInstall.NO_JOIN);
    }

    @Test
    void runningShowsTransferAndLocksBack(FxRobot robot) throws Exception {
        WizardRobot wizard = toInstallPage(robot, true);
        install.holdAt(FakeGatewayInstall.SEND_IMAGES);

        robot.clickOn("#install");
        install.awaitHeld();
        wizard.waitUntil(() -> wizard.text("#stepProgressText").startsWith("412 MB"));

        assertThat(wizard.text("#stepProgressText")).isEqualTo("412 MB of 1.2 GB · 38 MB/s · about 21 s left");
        assertThat(wizard.text("#currentStep")).isEqualTo("Send the K3s images");
        assertThat(wizard.text("#installHeadline")).isEqualTo("Installing K3s on " + SITE + "…");
        assertThat(robot.lookup("#installStep3").query().getStyleClass()).contains("install-step-running");
        assertThat(robot.lookup("#installStep4").query().getStyleClass()).contains("install-step-waiting");
        assertThat(wizard.isShown("#cancelInstall")).isTrue();
        assertThat(wizard.text("#cancelHint")).contains("continues where this one stopped");
        assertThat(wizard.button("#back").isDisabled()).as("Back waits for the run").isTrue();
        ListView<?> log = robot.lookup("#installLog").queryAs(ListView.class);
        assertThat(log.getItems()).isNotEmpty();
        Node cell = robot.lookup("#installLog .list-cell").query();
        assertThat(cell.getStyleClass()).contains("monospace");
    }

    @Test
    void cancelOffersContinue(FxRobot robot) throws Exception {
        WizardRobot wizard = toInstallPage(robot, true);
        install.holdAt(FakeGatewayInstall.SEND_IMAGES);
        robot.clickOn("#install");
        install.awaitHeld();
        wizard.waitUntil(() -> wizard.isShown("#cancelInstall"));

        robot.clickOn("#cancelInstall");
        wizard.waitUntil(() -> wizard.isShown("#installAgain"));

        assertThat(wizard.text("#installHeadline")).isEqualTo(InstallViewModel.CANCELLED);
        assertThat(wizard.text("#installAdvice")).isEqualTo(InstallViewModel.CANCELLED_ADVICE);
        assertThat(wizard.button("#installAgain").getText()).isEqualTo("Continue");
        assertThat(robot.lookup("#installStep3").query().getStyleClass()).contains("install-step-cancelled");
        assertThat(wizard.button("#back").isDisabled()).isFalse();
        assertThat(robot.lookup("#trustHostKey").tryQuery()).as("cancelling asks nothing").isEmpty();

        robot.clickOn("#installAgain");
        wizard.waitUntil(() -> wizard.text("#installHeadline").startsWith("K3s is running"));
        assertThat(robot.lookup("#installStep1").query().getStyleClass()).contains("install-step-already-done");
        assertThat(gateway.connections()).as("continuing connects again").hasSize(2);
    }

    @Test
    void failureHighlightsStepThenTryAgain(FxRobot robot) {
        WizardRobot wizard = toInstallPage(robot, true);
        install.failAt(FakeGatewayInstall.START, START_FAILED);

        robot.clickOn("#install");
        wizard.waitUntil(() -> wizard.isShown("#installError"));

        assertThat(wizard.text("#installError")).isEqualTo(START_FAILED);
        assertThat(wizard.text("#installHeadline")).isEqualTo(InstallViewModel.FAILED);
        assertThat(robot.lookup("#installStep7").query().getStyleClass()).contains("install-step-failed");
        assertThat(robot.lookup(".summary .mark-icon").query().getStyleClass()).contains("mark-fail");
        assertThat(wizard.button("#installAgain").getText()).isEqualTo("Try again");

        robot.clickOn("#installAgain");
        wizard.waitUntil(() -> wizard.text("#installHeadline").startsWith("K3s is running"));
        assertThat(wizard.isShown("#installError")).isFalse();
        assertThat(install.runs()).isEqualTo(2);
    }

    @Test
    void closingWindowCancelsInstall(FxRobot robot) throws Exception {
        WizardRobot wizard = toInstallPage(robot, true);
        install.holdAt(FakeGatewayInstall.SEND_IMAGES);
        robot.clickOn("#install");
        install.awaitHeld();

        FxToolkit.cleanupStages();

        wizard.waitUntil(() -> gateway.connections().get(0).isClosed());
        assertThat(install.runs()).isEqualTo(1);
    }
}
