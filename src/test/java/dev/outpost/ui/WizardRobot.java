package dev.outpost.ui;

import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.ui.common.EngineSiteEnrollments;
import dev.outpost.rig.RigGateway;
import dev.outpost.ui.common.BundleChecks;
import dev.outpost.ui.welcome.WelcomeViewModel;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Drives the wizard in TestFX tests the way a person would: clicks, typing and waiting for the FX thread. */
public final class WizardRobot {

    public static final String ADDRESS = "192.168.16.53";
    private static final long WAIT_SECONDS = 10;

    private final FxRobot robot;

    public WizardRobot(FxRobot robot) {
        this.robot = robot;
    }

    /** Shows a new wizard window over the test doubles. Called on the FX thread, from a {@code @Start} method. */
    public static Stage show(FakeGatewayChecks gateway, Path dataFolder) {
        return show(gateway, new FakeGatewayFinder(), dataFolder);
    }

    /**
     * Shows a new wizard window over the test doubles, the search of the cable included. Called on the FX thread,
     * from a {@code @Start} method.
     */
    public static Stage show(FakeGatewayChecks gateway, FakeGatewayFinder finder, Path dataFolder) {
        return show(gateway, finder, new FakeGatewayConsoles(), dataFolder);
    }

    /**
     * Shows a new wizard window over the test doubles, the search of the cable and the console included. Called on
     * the FX thread, from a {@code @Start} method.
     */
    public static Stage show(FakeGatewayChecks gateway, FakeGatewayFinder finder, FakeGatewayConsoles consoles,
            Path dataFolder) {
        Stage stage = new Stage();
        new WizardWindow(gateway, new FakeGatewayInstall(), new AppDirectories(dataFolder,
                dataFolder.resolve("logs"))).findingGatewaysWith(finder).reachingConsolesWith(consoles).show(stage);
        return stage;
    }

    /**
     * Shows the wizard in the stage over the test doubles and returns it, for tests that reach a page's view model.
     * Called on the FX thread, from a {@code @Start} method.
     */
    public static WizardWindow open(Stage stage, FakeGatewayChecks gateway, BundleChecks bundles, TrustedKeys keys,
            Path dataFolder) {
        return open(stage, gateway, new FakeGatewayInstall(), bundles, keys, dataFolder);
    }

    /**
     * Shows the wizard in the stage over the test doubles, the install's and the mesh checks' included, and returns
     * it. Enrollment files are read by the engine. Called on the FX thread, from a {@code @Start} method.
     */
    public static WizardWindow open(Stage stage, FakeGatewayChecks gateway, FakeGatewayInstall install,
            BundleChecks bundles, TrustedKeys keys, Path dataFolder) {
        WizardWindow window = new WizardWindow(gateway, install, bundles, keys,
                new EngineSiteEnrollments(Clock.systemUTC()), new FakeGatewayMeshChecks(),
                new AppDirectories(dataFolder, dataFolder.resolve("logs")))
                .findingGatewaysWith(new FakeGatewayFinder().answering(FakeGatewayFinder.announced("site-gw-01",
                        "169.254.3.12", "Mx8VhO0TXgqbmuvTX/nSHrQk0wJ1jh1Vu2qEYr1kB7c")))
                .reachingConsolesWith(new FakeGatewayConsoles());
        window.show(stage);
        return window;
    }

    public Button button(String id) {
        return robot.lookup(id).queryButton();
    }

    public String text(String id) {
        return robot.lookup(id).queryAs(Labeled.class).getText();
    }

    /** Returns whether the node is in a window and it and every parent are visible. */
    public boolean isShown(String id) {
        return robot.lookup(id).tryQuery().map(WizardRobot::isShown).orElse(false);
    }

    private static boolean isShown(Node node) {
        if (node.getScene() == null) {
            return false;
        }
        for (Node shown = node; shown != null; shown = shown.getParent()) {
            if (!shown.isVisible()) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the condition holds, or fails the test after ten seconds. */
    public void waitUntil(BooleanSupplier condition) {
        waitUntil(Duration.ofSeconds(WAIT_SECONDS), condition);
    }

    /**
     * Waits until the condition holds, or fails the test after the limit. The condition runs on the FX thread, so
     * it never reads the scene while the FX thread changes it.
     */
    public void waitUntil(Duration limit, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS, () -> onFxThread(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("The wizard did not reach the expected state within " + limit.toSeconds()
                    + " s.", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static boolean onFxThread(BooleanSupplier condition) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return condition.getAsBoolean();
        }
        return WaitForAsyncUtils.asyncFx(condition::getAsBoolean).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Chooses the bundle on the welcome page as a person would, and waits until it is verified. */
    public WizardRobot chooseBundle(WizardWindow window, Path bundle) {
        robot.interact(() -> window.welcomePage().choose(bundle));
        waitUntil(() -> window.welcomePage().stateProperty().get() == WelcomeViewModel.BundleState.VERIFIED);
        return this;
    }

    /** Goes from the welcome page to the connect page. */
    public WizardRobot toConnectPage() {
        robot.clickOn("#next");
        waitUntil(() -> robot.lookup("#address").tryQuery().isPresent());
        return this;
    }

    /** Types a password login into the connect page. */
    public WizardRobot typePasswordLogin(String address, String user, String password) {
        robot.clickOn("#address").write(address);
        robot.clickOn("#user").write(user);
        robot.clickOn("#password").write(password);
        return this;
    }

    /** Connects, trusting the host key when the dialog asks, and waits until Next is enabled. */
    public WizardRobot connectTrusting() {
        robot.clickOn("#connect");
        waitUntil(() -> robot.lookup("#trustHostKey").tryQuery().isPresent() || !button("#next").isDisabled());
        robot.lookup("#trustHostKey").tryQuery().ifPresent(robot::clickOn);
        waitUntil(() -> !button("#next").isDisabled());
        return this;
    }

    /**
     * Goes from the checks page, with a gateway ready for the install, through the enrollment page without a file,
     * to the install page, and waits for its form.
     */
    public WizardRobot toInstallPage() {
        toEnrollPage();
        robot.clickOn("#next");
        waitUntil(() -> isShown("#siteName"));
        return this;
    }

    /** Goes from the checks page, with a gateway ready for the install, to the enrollment page. */
    public WizardRobot toEnrollPage() {
        toInstrumentsPage();
        robot.clickOn("#next");
        waitUntil(() -> isShown("#chooseEnrollment"));
        return this;
    }

    /**
     * Goes from the welcome page to the checks page of the rig's gateway as its tech user, trusting its host key,
     * and waits until the gateway is ready to install.
     */
    public WizardRobot passChecksOn(RigGateway rig) {
        toConnectPage().typePasswordLogin(rig.address(), RigGateway.TECH_USER, RigGateway.TECH_PASSWORD);
        robot.clickOn("#connect");
        waitUntil(() -> robot.lookup("#trustHostKey").tryQuery().isPresent());
        robot.clickOn("#trustHostKey");
        waitUntil(() -> !button("#next").isDisabled());
        robot.clickOn("#next");
        waitUntil(() -> "Ready to install".equals(text("#summary")));
        return this;
    }

    /** Goes from the checks page, with a gateway ready for the install, to the instruments page, without scanning. */
    public WizardRobot toInstrumentsPage() {
        waitUntil(() -> !button("#next").isDisabled());
        robot.clickOn("#next");
        waitUntil(() -> isShown("#scanInstruments"));
        return this;
    }

    /** Goes from the welcome page to the checks page with a password login, and waits for the checks to finish. */
    public WizardRobot toChecksPage() {
        toConnectPage().typePasswordLogin(ADDRESS, "root", "secret").connectTrusting();
        robot.clickOn("#next");
        waitUntil(() -> robot.lookup("#checkList").tryQuery().isPresent() && !button("#rerun").isDisabled());
        return this;
    }
}
