package dev.outpost.ui;

import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.ui.common.TrustedBundleChecks;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The welcome page's bundle section and the trusted-key dialogs, in the real window on Monocle. */
@ExtendWith(ApplicationExtension.class)
class WelcomePageTest {

    @TempDir
    static Path folder;

    private Path dataFolder;
    private TrustedKeys keys;
    private TestBundles.HeldBundleChecks bundles;
    private WizardWindow window;

    @Start
    void start(Stage primary) throws Exception {
        dataFolder = Files.createTempDirectory(folder, "data");
        keys = TestBundles.trustingHeadOffice(dataFolder);
        bundles = new TestBundles.HeldBundleChecks(new TrustedBundleChecks(keys));
        window = WizardRobot.open(new Stage(), new FakeGatewayChecks(), bundles, keys, dataFolder);
    }

    @AfterEach
    void closeWindows() throws TimeoutException {
        bundles.release();
        FxToolkit.cleanupStages();
    }

    private void choose(Path bundle) {
        Platform.runLater(() -> window.welcomePage().choose(bundle));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void noBundleSaysSoAndNextEnabled(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot);

        assertThat(wizard.text("#bundleStatus")).startsWith("No bundle is chosen.");
        assertThat(wizard.isShown("#chooseBundle")).isTrue();
        assertThat(wizard.isShown("#chooseBundleFolder")).isTrue();
        assertThat(wizard.isShown("#bundleDetails")).isFalse();
        assertThat(wizard.button("#next").isDisabled()).isFalse();
        assertThat(wizard.text("#trustedKeyCount")).isEqualTo("1 trusted head-office key");
    }

    @Test
    void chosenBundleShowsDetails(FxRobot robot) throws Exception {
        WizardRobot wizard = new WizardRobot(robot);
        Path bundle = TestBundles.build(folder.resolve("chosen"), "site.tar.zst");

        choose(bundle);
        wizard.waitUntil(() -> wizard.isShown("#bundleDetails"));

        assertThat(wizard.text("#bundleStatus")).startsWith("Verified bundle chosen: " + TestBundles.NAME + ".");
        assertThat(wizard.text("#bundleName")).isEqualTo(TestBundles.NAME);
        assertThat(wizard.text("#bundleVersions")).contains("K3s v1.29.1+k3s1").contains("Linkerd stable-2.14.10");
        assertThat(wizard.text("#bundleArchitectures")).isEqualTo("amd64, arm64");
        assertThat(wizard.text("#bundleCreated")).contains("2026");
        assertThat(wizard.isShown("#bundleProgress")).isFalse();
        assertThat(wizard.button("#next").isDisabled()).isFalse();
    }

    @Test
    void verifyingShowsProgressAndCancels(FxRobot robot) throws Exception {
        WizardRobot wizard = new WizardRobot(robot);
        Path bundle = TestBundles.build(folder.resolve("held"), "site.tar");
        bundles.hold();

        choose(bundle);
        wizard.waitUntil(() -> "40% checked".equals(wizard.text("#bundleProgressText")));

        assertThat(wizard.isShown("#bundleProgress")).isTrue();
        assertThat(wizard.button("#next").isDisabled()).as("Next waits for the check").isTrue();
        assertThat(wizard.button("#chooseBundle").isDisabled()).isTrue();

        robot.clickOn("#cancelBundle");
        wizard.waitUntil(() -> !wizard.button("#next").isDisabled());

        assertThat(wizard.text("#bundleStatus")).startsWith("Checking the bundle was cancelled");
        assertThat(wizard.isShown("#bundleProgress")).isFalse();
        assertThat(wizard.isShown("#bundleDetails")).isFalse();
    }

    @Test
    void tamperedBundleNamesFile(FxRobot robot) throws Exception {
        WizardRobot wizard = new WizardRobot(robot);
        Path bundle = TestBundles.build(folder.resolve("tampered"), "site-folder");
        Files.writeString(bundle.resolve("linkerd/stable-2.14.10/amd64/linkerd-images-amd64.tar"), "changed");

        choose(bundle);
        wizard.waitUntil(() -> wizard.isShown("#bundleProblem"));

        assertThat(wizard.text("#bundleProblem")).contains("linkerd/stable-2.14.10/amd64/linkerd-images-amd64.tar");
        assertThat(wizard.text("#bundleStatus")).startsWith("No verified bundle is chosen.");
        assertThat(wizard.button("#next").isDisabled()).isFalse();
    }

    @Test
    void addKeyShowsFingerprintFirst(FxRobot robot) throws Exception {
        WizardRobot wizard = new WizardRobot(robot);
        var other = SigningKeys.generate();
        Path file = Files.createDirectories(folder.resolve("usb")).resolve("regional-office.pub");
        SigningKeys.writePublicKey(other.getPublic(), file);

        Platform.runLater(() -> window.welcomeView().askToAddKey(file));
        wizard.waitUntil(() -> robot.lookup("#candidateFingerprint").tryQuery().isPresent());

        assertThat(robot.lookup("#candidateFingerprint").queryAs(TextField.class).getText())
                .isEqualTo(SigningKeys.fingerprint(other.getPublic()));
        assertThat(wizard.text("#compareFingerprint")).startsWith("Compare this fingerprint with the one head"
                + " office gave you");
        assertThat(robot.lookup("#cancelAddKey").queryAs(Button.class).isDefaultButton()).isTrue();
        assertThat(robot.lookup("#confirmAddKey").queryAs(Button.class).isDefaultButton()).isFalse();
        assertThat(keys.list()).as("nothing is added before the person confirms").hasSize(1);

        robot.clickOn("#confirmAddKey");
        wizard.waitUntil(() -> robot.lookup("#trustedKeyList").queryAs(ListView.class).getItems().size() == 2);

        assertThat(keys.list()).extracting(TrustedKeys.TrustedKey::name).contains("regional-office.pub");
        assertThat(wizard.text("#keyStatus")).startsWith("Added regional-office.pub.");
        assertThat(wizard.text("#trustedKeyCount")).isEqualTo("2 trusted head-office keys");
    }

    @Test
    void cancelAddKeyAddsNothing(FxRobot robot) throws Exception {
        WizardRobot wizard = new WizardRobot(robot);
        Path file = Files.createDirectories(folder.resolve("usb-cancel")).resolve("stranger.pub");
        SigningKeys.writePublicKey(SigningKeys.generate().getPublic(), file);

        Platform.runLater(() -> window.welcomeView().askToAddKey(file));
        wizard.waitUntil(() -> robot.lookup("#cancelAddKey").tryQuery().isPresent());
        robot.clickOn("#cancelAddKey");
        wizard.waitUntil(() -> "The key was not added.".equals(wizard.text("#keyStatus")));

        assertThat(keys.list()).hasSize(1);
    }

    @Test
    void privateKeyIsRejectedInDialog(FxRobot robot) throws Exception {
        WizardRobot wizard = new WizardRobot(robot);
        Path file = folder.resolve("leaked-private-key");
        Files.deleteIfExists(file);
        SigningKeys.writePrivateKey(SigningKeys.generate().getPrivate(), file, null);

        Platform.runLater(() -> window.welcomeView().askToAddKey(file));
        wizard.waitUntil(() -> wizard.isShown("#keyProblem"));

        assertThat(wizard.text("#keyProblem")).contains("is a private key");
        assertThat(robot.lookup("#confirmAddKey").tryQuery()).isEmpty();
    }
}
