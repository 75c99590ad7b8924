package dev.outpost.ui;

import dev.outpost.engine.diagnostics.DiagnosticsSummary;
import dev.outpost.ui.diagnostics.DiagnosticsSummaryView;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** The wizard's diagnostics actions: saving on every page, and a file's summary shown with plain controls. */
@ExtendWith(ApplicationExtension.class)
class DiagnosticsActionsTest {

    @TempDir
    static Path dataFolder;

    private final FakeGatewayChecks gateway = new FakeGatewayChecks();

    @Start
    void start(Stage primary) {
        WizardRobot.show(gateway, dataFolder);
    }

    @AfterEach
    void closeWindows() throws TimeoutException {
        gateway.releaseConnect();
        gateway.releaseChecks();
        FxToolkit.cleanupStages();
    }

    @Test
    void saveOnEveryPageOpenOnWelcome(FxRobot robot) {
        WizardRobot wizard = new WizardRobot(robot);
        assertThat(wizard.isShown("#saveDiagnostics")).isTrue();
        assertThat(wizard.isShown("#openDiagnostics")).isTrue();

        wizard.toChecksPage();

        assertThat(wizard.isShown("#saveDiagnostics")).isTrue();
        assertThat(wizard.button("#saveDiagnostics").isDisabled()).isFalse();
        assertThat(wizard.isShown("#openDiagnostics")).isFalse();
    }

    @Test
    void summaryShowsProblemAndFixFirst(FxRobot robot) throws Exception {
        DiagnosticsSummary summary = new DiagnosticsSummary("2026-11-01T10:00:00Z", "0.1.0", "failed",
                "The install stopped at the step \"Start K3s\".", List.of(new DiagnosticsSummary.Fact("Site",
                "store-0042")), List.of(new DiagnosticsSummary.Problem("error", "The install stopped at the step"
                + " \"Start K3s\".", "K3s did not start.", "Restart the gateway, then install again.")),
                List.of(new DiagnosticsSummary.Step("Start K3s", "failed", 1500, "K3s did not start.")), List.of(),
                List.of("the cluster snapshot: The gateway did not answer."),
                List.of(new DiagnosticsSummary.Redaction("passwords", 2)), false);

        var content = ScreenCapture.onFx(() -> (javafx.scene.layout.VBox) new DiagnosticsSummaryView(summary)
                .root());

        List<String> texts = content.getChildren().stream().flatMap(n -> n instanceof javafx.scene.layout.VBox box
                ? box.getChildren().stream() : java.util.stream.Stream.of(n)).filter(Label.class::isInstance)
                .map(n -> ((Label) n).getText()).toList();
        assertThat(texts.get(0)).isEqualTo("The install stopped at the step \"Start K3s\".");
        assertThat(texts).containsSubsequence("What needs attention",
                "Error: The install stopped at the step \"Start K3s\".", "K3s did not start.",
                "What to do: Restart the gateway, then install again.", "Site", "Install timeline", "Not collected",
                "the cluster snapshot: The gateway did not answer.", "Redacted", "2 passwords");
    }
}
