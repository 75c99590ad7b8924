package dev.outpost.ui;

import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import dev.outpost.ui.common.GatewayInstall;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/** Starts the JavaFX toolkit and shows the wizard window, without a static Application subclass. */
public final class WizardLauncher {

    private static final Logger log = LoggerFactory.getLogger(WizardLauncher.class);

    private WizardLauncher() {
    }

    /**
     * Opens the wizard and blocks until its window is closed. Call from the main thread, not the FX thread.
     *
     * @param preflight   connects to the gateway and runs the checks
     * @param install     installs K3s on the gateway, over the engine's installer
     * @param directories where the known-hosts file, the trusted keys and the logs are
     * @throws IllegalStateException with a plain sentence when there is no graphical display to open it on
     */
    public static void launchAndWait(Preflight preflight, GatewayInstall install, AppDirectories directories) {
        CountDownLatch closed = new CountDownLatch(1);
        Platform.setImplicitExit(true);
        try {
            Platform.startup(() -> {
                Stage stage = new Stage();
                stage.setOnHidden(event -> closed.countDown());
                new WizardWindow(preflight, install, directories).show(stage);
            });
        } catch (UnsupportedOperationException e) {
            log.error("The wizard could not open its window.", e);
            throw new IllegalStateException("The wizard needs a graphical desktop, and none was found ("
                    + e.getMessage() + "). Run it on the laptop's desktop, or use the command line: outpost --help.",
                    e);
        }
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Platform.exit();
    }
}
