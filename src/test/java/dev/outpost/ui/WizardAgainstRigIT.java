package dev.outpost.ui;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import dev.outpost.rig.GatewayRigOptions;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.XvfbSession;
import dev.outpost.ui.checks.CheckItem;
import dev.outpost.ui.common.GatewayInstall;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drives the real wizard with TestFX's robot on the Xvfb display against the rig's gateway, booted without a default
 * route: connect with a password, trust the host key, see the blocker with its fix, fix it on the gateway, run the
 * checks again and see the gateway ready. Saves the checks page to {@code target/screenshots/}.
 */
@GatewayRigOptions(defaultRoute = false)
class WizardAgainstRigIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dataFolder;

    private static Stage stage;

    @BeforeAll
    static void showWizard() throws Exception {
        assumeTrue(XvfbSession.displayAvailable(), "No X display on " + XvfbSession.display() + "; this test"
                + " needs Xvfb.");
        ScreenCapture.startToolkit();

        Preflight preflight = new Preflight(new GatewayConnector(), new FactsProbe(), CheckCatalog.standard());
        AppDirectories directories = new AppDirectories(dataFolder, dataFolder.resolve("logs"));
        stage = ScreenCapture.onFx(() -> {
            Stage window = new Stage();
            new WizardWindow(preflight, GatewayInstall.NOT_AVAILABLE, directories).show(window);
            window.toFront();
            return window;
        });
    }

    @AfterAll
    static void closeWizard() throws Exception {
        if (stage != null) {
            ScreenCapture.onFx(() -> {
                stage.close();
                return null;
            });
        }
    }

    @Test
    void connectCheckFixAndRecheck(RigGateway rig) throws Exception {
        FxRobot robot = new FxRobot();
        WizardRobot wizard = new WizardRobot(robot);

        wizard.toConnectPage().typePasswordLogin(rig.address(), RigGateway.TECH_USER, RigGateway.TECH_PASSWORD);
        robot.clickOn("#connect");
        wizard.waitUntil(() -> robot.lookup("#trustHostKey").tryQuery().isPresent());
        assertThat(robot.lookup(rig.hostKeyFingerprintSha256()).tryQuery())
                .as("the dialog shows the gateway's fingerprint").isPresent();
        robot.clickOn("#trustHostKey");
        wizard.waitUntil(() -> !wizard.button("#next").isDisabled());
        assertThat(Files.readString(dataFolder.resolve("known_hosts"))).startsWith(rig.address() + " ");

        robot.clickOn("#next");
        wizard.waitUntil(() -> robot.lookup("#checkList").tryQuery().isPresent()
                && !wizard.button("#rerun").isDisabled());
        assertThat(wizard.text("#summary")).isEqualTo("1 check must be fixed before the install");
        assertThat(wizard.button("#next").isDisabled()).as("a blocker keeps the install closed").isTrue();
        ListView<CheckItem> list = robot.lookup("#checkList").queryListView();
        CheckItem first = list.getItems().get(0);
        assertThat(first.id()).isEqualTo("network.default-route");
        assertThat(list.getItems()).hasSize(CheckCatalog.standard().checks().size());

        robot.clickOn(first.title());
        wizard.waitUntil(() -> robot.lookup("#detailFix").queryAs(Labeled.class).getText().contains("default"));
        ScreenCapture.save(stage, SCREENSHOTS.resolve("checks-page-rig.png"));

        rig.restoreDefaultRoute();
        robot.clickOn("#rerun");
        wizard.waitUntil(() -> wizard.text("#summary").equals("Ready to install"));
        assertThat(wizard.button("#next").isDisabled()).as("the install page is offered").isFalse();
        ScreenCapture.save(stage, SCREENSHOTS.resolve("checks-page-rig-ready.png"));
    }
}
