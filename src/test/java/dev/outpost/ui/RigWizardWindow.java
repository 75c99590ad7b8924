package dev.outpost.ui;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import dev.outpost.ui.common.InstallerGatewayInstall;
import javafx.stage.Stage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The real wizard over the engine, shown on the Xvfb display for tests against the rig's gateway, with install
 * timeouts short enough for a test.
 *
 * @param window the wizard
 * @param stage  its window; the test closes it
 */
record RigWizardWindow(WizardWindow window, Stage stage) {

    /** Starts the toolkit if needed and shows the wizard over the data folder. */
    static RigWizardWindow show(Path dataFolder) throws Exception {
        ScreenCapture.startToolkit();
        Preflight preflight = new Preflight(new GatewayConnector(), new FactsProbe(), CheckCatalog.standard());
        AppDirectories directories = new AppDirectories(dataFolder, dataFolder.resolve("logs"));
        InstallerGatewayInstall install = new InstallerGatewayInstall(directories.installJournals(),
                Clock.systemUTC(), new Installer.Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(2),
                Duration.ofMillis(500)));
        WizardWindow window = ScreenCapture.onFx(() -> new WizardWindow(preflight, install, directories));
        Stage stage = ScreenCapture.onFx(() -> {
            Stage shown = new Stage();
            window.show(shown);
            shown.toFront();
            return shown;
        });
        return new RigWizardWindow(window, stage);
    }
}
