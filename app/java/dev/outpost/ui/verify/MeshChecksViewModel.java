package dev.outpost.ui.verify;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.engine.mesh.SiteExpectation;
import dev.outpost.ui.checks.CheckItem;
import dev.outpost.ui.checks.CheckListModel;
import dev.outpost.ui.checks.CheckSummary;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.ChosenEnrollment;
import dev.outpost.ui.common.GatewayConnection;
import dev.outpost.ui.common.GatewayMeshChecks;
import dev.outpost.ui.common.LastLogin;
import dev.outpost.ui.common.PageModel;
import dev.outpost.ui.common.RunningTask;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The verify page: the mesh checks of the joined site, run each time the page is shown and on request. A site that
 * waits for its connection to head office is shown as joined and waiting, not as failed. Every public method is
 * called on the FX thread.
 */
public final class MeshChecksViewModel implements PageModel, CheckListModel {

    static final String RUNNING = "Checking the site's mesh…";
    static final String STARTING = "Reading the site cluster through the gateway.";
    static final String NOT_CONNECTED = "There is no connection to the gateway. Choose Back until the connect page"
            + " and connect again.";
    static final String NOT_JOINED = "This site has not joined head office";
    static final String NOT_JOINED_ADVICE = "K3s runs, but the site has no enrollment yet. Come back with the site's"
            + " enrollment file from head office, open it on the enrollment page, and install again.";
    static final String HEALTHY = "The site has joined head office";
    static final String WAITING = "The site is ready and waiting for head office";
    static final String HEALTHY_ADVICE = "Every mesh check passed. You can close Outpost.";
    static final String WAITING_ADVICE = "Everything at the site is in place. It is waiting for the connection to"
            + " head office, which needs nothing more from you; select the checks marked i to see what happens then.";
    static final String STOPPED = "The checks were stopped. Choose Check again when you are ready.";
    static final String UNEXPECTED_FAILURE = "The mesh checks could not run because of an unexpected error. Choose"
            + " Check again; if it keeps happening, send Outpost's log file to head office.";

    private static final Logger log = LoggerFactory.getLogger(MeshChecksViewModel.class);

    private final GatewayMeshChecks meshChecks;
    private final BackgroundTasks tasks;
    private final ActiveConnection active;
    private final LastLogin lastLogin;
    private final ChosenEnrollment enrollment;
    private final ObservableList<CheckItem> checks = FXCollections.observableArrayList();
    private final ObservableList<CheckItem> checksView = FXCollections.unmodifiableObservableList(checks);
    private final ObjectProperty<CheckItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<CheckSummary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private RunningTask<Optional<List<CheckResult>>> run;

    /**
     * @param meshChecks runs the mesh checks over the connection
     * @param tasks      runs them off the FX thread; its busy flag is this page's
     * @param active     the connection the connect page opened
     * @param lastLogin  connects again when there is no connection
     * @param enrollment the enrollment opened on the enrollment page, which describes the expected site
     */
    public MeshChecksViewModel(GatewayMeshChecks meshChecks, BackgroundTasks tasks, ActiveConnection active,
            LastLogin lastLogin, ChosenEnrollment enrollment) {
        this.meshChecks = meshChecks;
        this.tasks = tasks;
        this.active = active;
        this.lastLogin = lastLogin;
        this.enrollment = enrollment;
    }

    /** Runs the checks each time the page is shown. */
    @Override
    public void entered() {
        runChecks();
    }

    @Override
    public void runChecks() {
        if (tasks.isBusy()) {
            return;
        }
        error.set(null);
        checks.clear();
        GatewayConnection connection = active.current().orElse(null);
        if (connection == null) {
            boolean started = lastLogin.connectAgain(tasks, this::runChecks, sentence -> {
                summary.set(CheckSummary.failed());
                error.set(sentence);
            });
            if (!started) {
                summary.set(CheckSummary.failed());
                error.set(NOT_CONNECTED);
            }
            return;
        }
        summary.set(CheckSummary.running(RUNNING, STARTING));
        Optional<SiteExpectation> expected = enrollment.current()
                .map(opened -> SiteExpectation.of(opened.join().enrollment()));
        run = tasks.run(() -> meshChecks.run(connection, expected), this::finished,
                failure -> failed(connection, failure));
    }

    private void finished(Optional<List<CheckResult>> results) {
        if (results.isEmpty()) {
            summary.set(new CheckSummary(CheckSummary.Tone.WARNINGS, NOT_JOINED, NOT_JOINED_ADVICE));
            return;
        }
        String selectedId = selected.get() == null ? null : selected.get().id();
        List<CheckItem> items = results.get().stream().map(CheckItem::ofMesh)
                .sorted(Comparator.comparing(CheckItem::mark)).toList();
        checks.setAll(items);
        selected.set(items.stream().filter(item -> item.id().equals(selectedId)).findFirst()
                .orElse(items.isEmpty() ? null : items.get(0)));
        summary.set(summaryOf(results.get()));
        log.info("The mesh checks finished: {}.", summary.get().headline());
    }

    static CheckSummary summaryOf(List<CheckResult> results) {
        long blockers = results.stream().filter(CheckResult::blocks).count();
        long warnings = results.stream().filter(r -> r.mark() == CheckResult.Mark.WARNING).count();
        boolean waiting = results.stream().anyMatch(r -> r.mark() == CheckResult.Mark.INFO && r.fix() != null);
        if (blockers > 0) {
            return new CheckSummary(CheckSummary.Tone.BLOCKED, blockers == 1 ? "1 mesh check must be fixed"
                    : blockers + " mesh checks must be fixed", "Select each check marked with a red cross to see"
                    + " what to do, then choose Check again.");
        }
        if (warnings > 0) {
            return new CheckSummary(CheckSummary.Tone.WARNINGS, HEALTHY, warnings == 1
                    ? "1 check has a warning; read it before you leave the site."
                    : warnings + " checks have warnings; read them before you leave the site.");
        }
        return waiting ? new CheckSummary(CheckSummary.Tone.READY, WAITING, WAITING_ADVICE)
                : new CheckSummary(CheckSummary.Tone.READY, HEALTHY, HEALTHY_ADVICE);
    }

    private void failed(GatewayConnection connection, Exception failure) {
        summary.set(CheckSummary.failed());
        if (failure instanceof GatewayException gatewayFailure) {
            log.error("The mesh checks on the gateway at {} did not finish.", connection.settings().host(), failure);
            error.set(gatewayFailure.getMessage());
            if (gatewayFailure.failure() == GatewayFailure.CONNECTION_LOST) {
                active.close();
            }
        } else if (failure instanceof ClusterException clusterFailure) {
            log.error("The site cluster on {} did not respond to the mesh checks.", connection.settings().host(),
                    failure);
            error.set(clusterFailure.getMessage());
        } else {
            log.error("The mesh checks on {} failed with an unexpected error.", connection.settings().host(),
                    failure);
            error.set(UNEXPECTED_FAILURE);
        }
    }

    @Override
    public void stop() {
        if (run == null || run.isEnded()) {
            return;
        }
        run.cancel(late -> { });
        summary.set(CheckSummary.failed());
        error.set(STOPPED);
    }

    @Override
    public ObservableList<CheckItem> checks() {
        return checksView;
    }

    @Override
    public ObjectProperty<CheckItem> selectedProperty() {
        return selected;
    }

    @Override
    public ReadOnlyObjectProperty<CheckSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    /** The verify page is the last one. */
    @Override
    public ObservableBooleanValue canContinue() {
        return Bindings.createBooleanBinding(() -> false);
    }
}
