package dev.outpost.ui.diagnostics;

import dev.outpost.engine.diagnostics.DiagnosticsException;
import dev.outpost.engine.diagnostics.DiagnosticsExport;
import dev.outpost.engine.diagnostics.DiagnosticsFile;
import dev.outpost.engine.diagnostics.DiagnosticsRequest;
import dev.outpost.engine.diagnostics.DiagnosticsSummary;
import dev.outpost.engine.diagnostics.ExportResult;
import dev.outpost.engine.diagnostics.RedactionKind;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.engine.session.SessionListener;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.ChosenEnrollment;
import dev.outpost.ui.common.GatewayConnection;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Saves a diagnostics file from any page of the wizard, and opens one for head office. Everything the export needs
 * from the wizard is read on the FX thread; the collection, redaction and writing run on a worker thread.
 */
public final class DiagnosticsViewModel {

    private static final Logger log = LoggerFactory.getLogger(DiagnosticsViewModel.class);

    private final BackgroundTasks tasks;
    private final ActiveConnection active;
    private final Supplier<PreflightReport> lastChecks;
    private final ChosenEnrollment enrollment;
    private final AppDirectories directories;
    private final DiagnosticsExport export;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    /**
     * @param lastChecks returns the checks page's latest report, or {@code null}; called on the FX thread
     * @param version    the Outpost version the report names
     */
    public DiagnosticsViewModel(BackgroundTasks tasks, ActiveConnection active, Supplier<PreflightReport> lastChecks,
            ChosenEnrollment enrollment, AppDirectories directories, String version, Clock clock) {
        this.tasks = tasks;
        this.active = active;
        this.lastChecks = lastChecks;
        this.enrollment = enrollment;
        this.directories = directories;
        this.export = new DiagnosticsExport(null, clock, version);
    }

    /** Returns the outcome of the last save or open, as a sentence, or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    /** Writes the diagnostics file. Called on the FX thread; the work runs on a worker thread. */
    public void save(Path target) {
        GatewayConnection connection = active.current().orElse(null);
        DiagnosticsRequest request = DiagnosticsRequest.laptopOnly(directories, "The wizard was not connected to a"
                + " gateway.").withLastChecks(lastChecks.get());
        List<DiagnosticsRequest.KnownSecret> secrets = new ArrayList<>();
        if (connection != null) {
            secrets.addAll(DiagnosticsRequest.KnownSecret.of(connection.settings().credentials()));
            request = request.withGateway(connection.settings().host(), connection.settings().port(), null,
                    "The wizard was not connected to a gateway.");
        }
        var opened = enrollment.current().orElse(null);
        if (opened != null) {
            SiteEnrollment site = opened.join().enrollment();
            request = request.withEnrollment(site);
            secrets.add(new DiagnosticsRequest.KnownSecret(Base64.getEncoder().encodeToString(opened.join()
                    .issuerKey().getEncoded()), RedactionKind.PRIVATE_KEY));
        }
        DiagnosticsRequest prepared = request.withKnownSecrets(secrets);
        message.set("Saving diagnostics…");
        tasks.run(() -> write(prepared, connection, target), this::saved, this::failed);
    }

    private ExportResult write(DiagnosticsRequest request, GatewayConnection connection, Path target)
            throws DiagnosticsException {
        if (connection == null) {
            return export.write(request, target);
        }
        DiagnosticsRequest withGateway;
        try {
            PreflightReport report = connection.check(SessionListener.NONE);
            withGateway = request.withLastChecks(report).withGateway(connection.settings().host(),
                    connection.settings().port(), connection.session(), null);
        } catch (GatewayException e) {
            withGateway = request.withGateway(connection.settings().host(), connection.settings().port(), null,
                    e.getMessage());
        }
        return export.write(withGateway, target);
    }

    private void saved(ExportResult result) {
        message.set("Saved the diagnostics to " + result.file() + ". Send this file to head office."
                + (result.notCollected().isEmpty() ? "" : " Some parts could not be collected; the report says"
                + " why."));
    }

    private void failed(Exception e) {
        log.error("The diagnostics could not be saved.", e);
        message.set(e instanceof DiagnosticsException ? e.getMessage() : "The diagnostics could not be saved ("
                + e.getClass().getSimpleName() + "). Try again; if it happens again, tell head office.");
    }

    /**
     * Reads a diagnostics file and hands its summary to {@code show} on the FX thread. Called on the FX thread.
     */
    public void open(Path file, Consumer<DiagnosticsSummary> show) {
        message.set("Opening " + file.getFileName() + "…");
        tasks.run(() -> DiagnosticsFile.read(file), summary -> {
            message.set("");
            show.accept(summary);
        }, this::failed);
    }
}
