package dev.outpost.ui.diagnostics;

import dev.outpost.engine.diagnostics.DiagnosticsFile;
import dev.outpost.engine.diagnostics.DiagnosticsSummary;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.ui.FxThreadQueue;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.ChosenEnrollment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosticsViewModelTest {

    @TempDir
    Path home;

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fx = new FxThreadQueue();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private DiagnosticsViewModel model() {
        return new DiagnosticsViewModel(new BackgroundTasks(worker, fx), new ActiveConnection(worker), () -> null,
                new ChosenEnrollment(), new AppDirectories(home.resolve("data"), home.resolve("logs")), "0.1.0-test",
                Clock.systemUTC());
    }

    @Test
    void savesWithoutAGatewayAndSaysWhereTo() throws Exception {
        DiagnosticsViewModel model = model();
        Path target = home.resolve("out.zip");

        model.save(target);
        fx.runUntil(() -> !model.busyProperty().get());

        assertThat(model.messageProperty().get()).startsWith("Saved the diagnostics to " + target)
                .contains("Send this file to head office.");
        assertThat(DiagnosticsFile.read(target).notCollected()).anyMatch(n -> n.contains("not connected"));
    }

    @Test
    void opensAFileAndHandsOverItsSummary() throws Exception {
        DiagnosticsViewModel model = model();
        Path target = home.resolve("out.zip");
        model.save(target);
        fx.runUntil(() -> !model.busyProperty().get());
        AtomicReference<DiagnosticsSummary> shown = new AtomicReference<>();

        model.open(target, shown::set);
        fx.runUntil(() -> shown.get() != null);

        assertThat(shown.get().headline()).isNotBlank();
        assertThat(model.messageProperty().get()).isEmpty();
    }

    @Test
    void openOfAnotherFileSaysWhatToDo() throws Exception {
        DiagnosticsViewModel model = model();
        Path text = Files.writeString(home.resolve("notes.zip"), "hello");

        model.open(text, summary -> {
            throw new AssertionError("no summary for a file that is not an export");
        });
        fx.runUntil(() -> !model.busyProperty().get());

        assertThat(model.messageProperty().get()).contains("is not a zip file").contains("send it again");
    }
}
