package dev.outpost.ui;

import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The wizard's window. */
public final class WizardWindow {

    private final Preflight preflight;
    private final AppDirectories directories;

    public WizardWindow(Preflight preflight, AppDirectories directories) {
        this.preflight = preflight;
        this.directories = directories;
    }

    /** Shows the wizard in the stage. Called on the FX thread. */
    public void show(Stage stage) {
        stage.setTitle("Outpost");
        stage.setScene(new Scene(new Label("Outpost"), 900, 640));
        stage.show();
    }
}
