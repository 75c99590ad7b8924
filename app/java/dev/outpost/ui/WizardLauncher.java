package dev.outpost.ui;

import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.util.concurrent.CountDownLatch;

/** Starts the JavaFX toolkit and shows the wizard window, without a static Application subclass. */
public final class WizardLauncher {

    private WizardLauncher() {
    }

    /** Opens the wizard and blocks until its window is closed. Call from the main thread, not the FX thread. */
    public static void launchAndWait(Preflight preflight, AppDirectories directories) {
        CountDownLatch closed = new CountDownLatch(1);
        Platform.setImplicitExit(true);
        Platform.startup(() -> {
            Stage stage = new Stage();
            stage.setOnHidden(event -> closed.countDown());
            new WizardWindow(preflight, directories).show(stage);
        });
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Platform.exit();
    }
}
