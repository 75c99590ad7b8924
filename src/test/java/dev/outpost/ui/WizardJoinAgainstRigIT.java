package dev.outpost.ui;

import dev.outpost.engine.enrollment.EnrollmentFile;
import dev.outpost.engine.mesh.SiteLink;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.StandInHelmController;
import dev.outpost.testing.StandInK3s;
import dev.outpost.testing.TestMeshPki;
import dev.outpost.testing.XvfbSession;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Takes the rig's bare gateway to joined through the real wizard on the Xvfb display: choose the bundle, connect,
 * pass the checks, open the site's enrollment with its passphrase, install and join, then see the mesh checks. The
 * K3s and Helm controller stand-ins and the mock API server are the only test doubles. Saves the enrollment, the
 * finished install and the verify pages to {@code target/screenshots/}.
 */
@ExtendWith(GatewayRigExtension.class)
class WizardJoinAgainstRigIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String SITE = "store-0042";

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
    void joinsABareGatewayThroughTheWizard(RigGateway rig) throws Exception {
        assumeTrue(XvfbSession.displayAvailable(), "No X display on " + XvfbSession.display() + "; this test"
                + " needs Xvfb.");
        try (MockKubeApiServer api = MockKubeApiServer.start(rig.hostAddress());
             StandInHelmController helm = new StandInHelmController(api, rig.rootDirectory(), rig.hostAddress())) {
            Path bundle = K3sTestBundle.of(StandInK3s.forServer(api)).signedBy(TestBundles.HEAD_OFFICE)
                    .build(Files.createDirectories(dataFolder.resolve("bundles")));
            TestBundles.trustingHeadOffice(dataFolder);
            Path enrollment = dataFolder.resolve(SITE + ".enrollment");
            EnrollmentFile.write(TestMeshPki.create().enrollment(SITE).displayName("Store 42, Leeds").build(),
                    TestBundles.HEAD_OFFICE.getPrivate(), enrollment);
            RigWizardWindow shown = RigWizardWindow.show(dataFolder);
            WizardWindow window = shown.window();
            stage = shown.stage();
            FxRobot robot = new FxRobot();
            WizardRobot wizard = new WizardRobot(robot);

            wizard.chooseBundle(window, bundle);
            wizard.passChecksOn(rig).toEnrollPage();
            ScreenCapture.onFx(() -> {
                window.enrollView().choose(enrollment);
                return null;
            });
            robot.clickOn("#enrollmentPassphrase").write(TestMeshPki.PASSPHRASE);
            robot.clickOn("#openEnrollment");
            wizard.waitUntil(() -> wizard.isShown("#enrollmentDetails"));
            WaitForAsyncUtils.waitForFxEvents();
            ScreenCapture.save(stage, SCREENSHOTS.resolve("enroll-page-rig-opened.png"));
            assertThat(wizard.text("#enrolledSiteName")).isEqualTo("Store 42, Leeds");
            assertThat(wizard.text("#enrolledSiteId")).isEqualTo(SITE);

            robot.clickOn("#next");
            wizard.waitUntil(() -> robot.lookup("#install").tryQuery().isPresent());
            assertThat(robot.lookup("#siteName").queryTextInputControl().getText()).isEqualTo(SITE);
            assertThat(robot.lookup("#siteName").queryTextInputControl().isDisabled()).isTrue();
            robot.clickOn("#install");
            wizard.waitUntil(Duration.ofMinutes(4), () -> wizard.text("#installHeadline")
                    .contains("has joined") || robot.lookup("#installAgain").tryQuery()
                    .map(Node::isVisible).orElse(false));
            ScreenCapture.save(stage, SCREENSHOTS.resolve("install-page-rig-joined.png"));
            assertThat(wizard.text("#installHeadline")).isEqualTo(SITE + " has joined central. Linkerd runs with"
                    + " the site's own identity.");

            robot.clickOn("#next");
            wizard.waitUntil(Duration.ofMinutes(1), () -> robot.lookup("#checkList").tryQuery().isPresent()
                    && !wizard.button("#rerun").isDisabled() && wizard.text("#summary").contains("head office"));
            ScreenCapture.save(stage, SCREENSHOTS.resolve("verify-page-rig-waiting.png"));
            assertThat(wizard.text("#summary")).isEqualTo("The site is ready and waiting for head office");
            assertThat(wizard.isShown("#lastStep")).isTrue();
            assertThat(api.client().genericKubernetesResources(SiteLink.LINK).inNamespace("linkerd-multicluster")
                    .withName("central").get()).isNotNull();
        }
    }
}
