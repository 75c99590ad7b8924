package dev.outpost.ui;

import dev.outpost.engine.cluster.NodeReadiness;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.StandInK3s;
import dev.outpost.testing.XvfbSession;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Installs K3s onto the rig's gateway through the real wizard, driven by TestFX's robot on the Xvfb display: choose
 * the bundle, connect, pass the checks, go on without an enrollment, install, and see the finished page. The K3s stand-ins and the mock API
 * server are the only test doubles. Saves the finished page to {@code target/screenshots/}.
 */
@ExtendWith(GatewayRigExtension.class)
class WizardInstallAgainstRigIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dataFolder;

    private static Stage stage;

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
    void installsThroughTheWizard(RigGateway rig) throws Exception {
        assumeTrue(XvfbSession.displayAvailable(), "No X display on " + XvfbSession.display() + "; this test"
                + " needs Xvfb.");
        try (MockKubeApiServer api = MockKubeApiServer.start(rig.hostAddress())) {
            Path bundle = K3sTestBundle.of(StandInK3s.forServer(api)).signedBy(TestBundles.HEAD_OFFICE)
                    .build(Files.createDirectories(dataFolder.resolve("bundles")));
            TestBundles.trustingHeadOffice(dataFolder);
            RigWizardWindow shown = RigWizardWindow.show(dataFolder);
            WizardWindow window = shown.window();
            stage = shown.stage();
            FxRobot robot = new FxRobot();
            WizardRobot wizard = new WizardRobot(robot);

            wizard.chooseBundle(window, bundle);
            wizard.passChecksOn(rig).toEnrollPage();
            robot.clickOn("#next");
            wizard.waitUntil(() -> robot.lookup("#install").tryQuery().isPresent());
            assertThat(robot.lookup("#siteName").queryTextInputControl().getText()).isEqualTo(RigGateway.HOSTNAME);
            robot.clickOn("#install");
            wizard.waitUntil(Duration.ofMinutes(2), () -> wizard.text("#installHeadline")
                    .startsWith("K3s is running on") || robot.lookup("#installAgain").tryQuery()
                    .map(javafx.scene.Node::isVisible).orElse(false));
            ScreenCapture.save(stage, SCREENSHOTS.resolve("install-page-rig-finished.png"));

            assertThat(wizard.text("#installHeadline")).isEqualTo("K3s is running on " + RigGateway.HOSTNAME
                    + ". The node is ready.");
            assertThat(rig.exec("systemctl is-active k3s").stdout().strip()).isEqualTo("active");
            assertThat(NodeReadiness.isReady(api.client().nodes().withName(RigGateway.HOSTNAME).get())).isTrue();
        }
    }
}
