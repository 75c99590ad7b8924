package dev.outpost.ui;

import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.testing.XvfbSession;
import dev.outpost.ui.common.TrustedBundleChecks;
import dev.outpost.ui.checks.CheckItem;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Shows the real wizard window on the Xvfb display, over the test double with a realistic report (a Debian 12
 * gateway without a default route and with swap), and saves a PNG of each page to {@code target/screenshots/} for
 * a person to look at.
 */
class WizardScreenshotIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dataFolder;

    private static Stage stage;

    @BeforeAll
    static void startToolkit() throws Exception {
        assumeTrue(XvfbSession.displayAvailable(), "No X display on " + XvfbSession.display() + "; the"
                + " screenshots need Xvfb.");
        ScreenCapture.startToolkit();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeWindow() throws Exception {
        if (stage != null) {
            onFx(() -> {
                stage.close();
                return null;
            });
        }
    }

    @Test
    void capturesEveryPage() throws Exception {
        FakeGatewayChecks gateway = new FakeGatewayChecks().failConnect(new GatewayException(
                GatewayFailure.AUTHENTICATION_FAILED, GatewayFailure.AUTHENTICATION_FAILED.describe("192.168.16.53")));
        TrustedKeys keys = TestBundles.trustingHeadOffice(dataFolder);
        TestBundles.HeldBundleChecks bundles = new TestBundles.HeldBundleChecks(new TrustedBundleChecks(keys));
        FakeGatewayInstall install = new FakeGatewayInstall();
        stage = onFx(Stage::new);
        WizardWindow window = onFx(() -> WizardRobot.open(stage, gateway, install, bundles, keys, dataFolder));
        waitUntil(() -> stage.isShowing());
        assertThat(stage.getScene().getWidth()).isEqualTo(WizardWindow.WIDTH);
        save(stage, "1-welcome.png");

        captureWelcomeBundle(window, bundles);

        press("#next");
        press("#useKeyFile");
        type("#port", "0");
        press("#connect");
        waitUntil(() -> find("#keyFileError").map(Node::isVisible).orElse(false));
        save(stage, "2-connect-problems.png");

        press("#usePassword");
        type("#port", "22");
        type("#address", "192.168.16.53");
        type("#user", "root");
        type("#password", "not-the-password");
        save(stage, "2-connect.png");
        captureConsole();

        press("#useKeyFile");
        type("#keyFile", "/home/technician/.ssh/id_ed25519");
        save(stage, "2-connect-key-file.png");
        press("#usePassword");

        press("#connect");
        waitUntil(() -> find("#trustHostKey").isPresent());
        save(dialog(), "3-host-key.png");

        press("#trustHostKey");
        waitUntil(() -> find("#error").map(Node::isVisible).orElse(false));
        save(stage, "4-connect-error.png");

        press("#useKeyFile");
        type("#keyFile", Files.writeString(dataFolder.resolve("id_ed25519"), "key").toString());
        press("#connect");
        waitUntil(() -> find("#error").map(Node::isVisible).orElse(false) && !find("#connectProgress")
                .orElseThrow().isVisible());
        save(stage, "4-connect-error-key-file.png");
        press("#usePassword");

        gateway.failConnect(null).holdConnect();
        press("#connect");
        waitUntil(() -> find("#connectProgress").map(Node::isVisible).orElse(false));
        save(stage, "5-connecting.png");

        gateway.releaseConnect();
        waitUntil(() -> !find("#next").orElseThrow().isDisabled());
        save(stage, "5-connected.png");

        gateway.holdChecks();
        press("#next");
        waitUntil(() -> find("#checksProgress").isPresent());
        save(stage, "6-checks-running.png");

        gateway.releaseChecks();
        waitUntil(() -> find("#rerun").map(rerun -> !rerun.isDisabled()).orElse(false));
        save(stage, "6-checks.png");

        selectCheck("system.swap");
        save(stage, "7-checks-warning.png");

        gateway.results(SampleReports.allPassed());
        press("#rerun");
        waitUntil(() -> find("#summary").map(summary -> "Ready to install".equals(
                ((Labeled) summary).getText())).orElse(false));
        save(stage, "8-checks-ready.png");

        press("#next");
        waitUntil(() -> find("#scanInstruments").map(Node::isVisible).orElse(false));
        save(stage, "8-instruments.png");

        captureEnroll(window);
        captureInstall(install);
    }

    /** Captures the enrollment page empty and with a file that is not an enrollment, then goes on without one. */
    private static void captureEnroll(WizardWindow window) throws Exception {
        press("#next");
        waitUntil(() -> find("#chooseEnrollment").map(Node::isVisible).orElse(false));
        save(stage, "9-enroll-empty.png");

        Path broken = Files.writeString(dataFolder.resolve("store-0142.enrollment"), "not an enrollment file");
        onFx(() -> {
            window.enrollView().choose(broken);
            return null;
        });
        type("#enrollmentPassphrase", "a passphrase");
        press("#openEnrollment");
        waitUntil(() -> find("#enrollmentError").map(Node::isVisible).orElse(false));
        save(stage, "9-enroll-error.png");

        press("#clearEnrollment");
        waitUntil(() -> !find("#next").orElseThrow().isDisabled());
    }

    /**
     * Captures the install page: the form, a name the page rejects, a transfer under way, the run cancelled, a
     * failed step, and the finished install.
     */
    private static void captureInstall(FakeGatewayInstall install) throws Exception {
        press("#next");
        waitUntil(() -> find("#siteName").map(Node::isVisible).orElse(false));
        save(stage, "10-install-form.png");

        type("#siteName", "Shop 0142");
        press("#install");
        waitUntil(() -> find("#siteNameError").map(error -> !((Labeled) error).getText().isBlank()).orElse(false));
        save(stage, "10-install-name-error.png");
        type("#siteName", "shop-0142-gw");

        install.holdAt(FakeGatewayInstall.SEND_IMAGES);
        press("#install");
        install.awaitHeld();
        waitUntil(() -> find("#stepProgressText").map(text -> ((Labeled) text).getText().startsWith("412 MB"))
                .orElse(false));
        save(stage, "11-install-transfer.png");

        press("#cancelInstall");
        waitUntil(() -> find("#installAgain").map(Node::isVisible).orElse(false));
        save(stage, "12-install-cancelled.png");

        install.failAt(FakeGatewayInstall.START, "K3s did not start: port 6443 is already in use by another"
                + " program on the gateway. Stop that program, then choose Try again.");
        press("#installAgain");
        waitUntil(() -> find("#installError").map(Node::isVisible).orElse(false));
        save(stage, "13-install-failed.png");

        press("#installAgain");
        waitUntil(() -> find("#installHeadline").map(text -> ((Labeled) text).getText().startsWith("K3s is"
                + " running")).orElse(false));
        save(stage, "14-install-finished.png");

        press("#next");
        waitUntil(() -> find("#summary").map(text -> ((Labeled) text).getText().contains("head office"))
                .orElse(false));
        save(stage, "15-verify-waiting.png");
    }

    /** Captures the welcome page while a bundle is checked, once it is verified, and the add-key confirmation. */
    private static void captureWelcomeBundle(WizardWindow window, TestBundles.HeldBundleChecks bundles)
            throws Exception {
        Path bundle = TestBundles.build(dataFolder.resolve("usb"), "site-2026-12.tar.zst");
        bundles.hold();
        onFx(() -> {
            window.welcomePage().choose(bundle);
            return null;
        });
        waitUntil(() -> find("#bundleProgressText").map(text -> "40% checked".equals(((Labeled) text).getText()))
                .orElse(false));
        save(stage, "1-welcome-verifying.png");

        bundles.release();
        waitUntil(() -> find("#bundleDetails").map(Node::isVisible).orElse(false));
        save(stage, "1-welcome-bundle.png");

        Path key = Files.createDirectories(dataFolder.resolve("usb-keys")).resolve("regional-office-2027.pub");
        SigningKeys.writePublicKey(SigningKeys.generate().getPublic(), key);
        onFx(() -> {
            window.welcomeView().askToAddKey(key);
            return null;
        });
        waitUntil(() -> find("#confirmAddKey").isPresent());
        save(windowWith("#confirmAddKey"), "1-add-key.png");
        press("#cancelAddKey");
        waitUntil(() -> find("#confirmAddKey").isEmpty());
        save(windowWith("#trustedKeyList"), "1-trusted-keys.png");
        press("#closeTrustedKeys");
        waitUntil(() -> find("#trustedKeyList").isEmpty());
    }

    private static Window windowWith(String selector) throws Exception {
        return onFx(() -> Window.getWindows().stream().filter(w -> w.isShowing() && w.getScene() != null
                && w.getScene().lookup(selector) != null).findFirst().orElseThrow());
    }

    /** Captures the console dialog before and after logging in, over the console's test double. */
    private static void captureConsole() throws Exception {
        press("#openConsole");
        waitUntil(() -> find("#consolePort").map(port -> ((ComboBox<?>) port).getValue() != null).orElse(false));
        save(dialog(), "2-console.png");
        type("#consoleUser", FakeGatewayConsoles.USER);
        type("#consolePassword", FakeGatewayConsoles.PASSWORD);
        press("#consoleLogIn");
        waitUntil(() -> find("#consoleStatus").map(status -> ((Labeled) status).getText())
                .filter(text -> text.startsWith("Logged in")).isPresent());
        save(dialog(), "2-console-network.png");
        press("#closeConsole");
        waitUntil(() -> find("#consolePort").isEmpty());
    }

    /** Presses a button once it is in the scene; some controls add their buttons when first laid out. */
    private static void press(String id) throws Exception {
        waitUntil(() -> find(id).isPresent());
        onFx(() -> {
            ((ButtonBase) find(id).orElseThrow()).fire();
            return null;
        });
    }

    private static void type(String id, String text) throws Exception {
        waitUntil(() -> find(id).isPresent());
        onFx(() -> {
            ((TextInputControl) find(id).orElseThrow()).setText(text);
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private static void selectCheck(String checkId) throws Exception {
        onFx(() -> {
            ListView<CheckItem> list = (ListView<CheckItem>) find("#checkList").orElseThrow();
            list.getItems().stream().filter(item -> item.id().equals(checkId)).findFirst()
                    .ifPresent(item -> list.getSelectionModel().select(item));
            return null;
        });
    }

    /** Looks a node up by its selector in every open window, dialogs included. Called on the FX thread. */
    private static Optional<Node> find(String selector) {
        for (Window window : Window.getWindows()) {
            Scene scene = window.getScene();
            Node found = scene == null ? null : scene.lookup(selector);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private static Window dialog() throws Exception {
        return onFx(() -> Window.getWindows().stream().filter(window -> window != stage && window.isShowing())
                .findFirst().orElseThrow());
    }

    private static void waitUntil(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The wizard did not reach the expected state within " + WAIT.toSeconds()
                        + " s.");
            }
            Thread.sleep(50);
        }
    }

    private static <T> T onFx(Callable<T> call) throws Exception {
        return ScreenCapture.onFx(call);
    }

    private static void save(Window window, String name) throws Exception {
        ScreenCapture.save(window, SCREENSHOTS.resolve(name));
    }
}
