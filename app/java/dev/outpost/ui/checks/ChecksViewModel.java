package dev.outpost.ui.checks;

import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.engine.session.SessionEvent;
import dev.outpost.engine.session.SessionListener;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.GatewayConnection;
import dev.outpost.ui.common.LastLogin;
import dev.outpost.ui.common.PageModel;
import dev.outpost.ui.common.RunningTask;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
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

/**
 * The checks page: runs the pre-flight checks over the open connection each time the page is shown or the person
 * asks, and lists the results with what needs fixing first. When the connection was lost or stopped, running the
 * checks connects again first with the last login that worked. Every public method is called on the FX thread.
 */
public final class ChecksViewModel implements PageModel, CheckListModel {

    private static final Logger log = LoggerFactory.getLogger(ChecksViewModel.class);

    static final String STARTING = "Starting the checks.";
    static final String CONNECTING_AGAIN = "Connecting to the gateway again.";
    static final String NOT_CONNECTED = "There is no connection to the gateway. Choose Back and connect again.";
    static final String STOPPED = "The checks were stopped and the connection was closed. Choose Run checks again"
            + " to connect again and check the gateway.";
    static final String UNEXPECTED_FAILURE = "The checks could not run because of an unexpected error. Choose Run"
            + " checks again; if it keeps happening, send Outpost's log file to head office.";

    private final BackgroundTasks tasks;
    private final ActiveConnection active;
    private final LastLogin lastLogin;

    private final ObservableList<CheckItem> checks = FXCollections.observableArrayList();
    private final ObservableList<CheckItem> checksView = FXCollections.unmodifiableObservableList(checks);
    private final ObjectProperty<CheckItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<CheckSummary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private final ReadOnlyObjectWrapper<PreflightReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final BooleanBinding canContinue;

    private RunningTask<PreflightReport> run;
    private boolean connectingAgain;

    /**
     * @param tasks     runs the checks off the FX thread; its busy flag is this page's
     * @param active    the connection the connect page opened
     * @param lastLogin connects again when there is no connection
     */
    public ChecksViewModel(BackgroundTasks tasks, ActiveConnection active, LastLogin lastLogin) {
        this.tasks = tasks;
        this.active = active;
        this.lastLogin = lastLogin;
        canContinue = Bindings.createBooleanBinding(
                () -> !tasks.isBusy() && report.get() != null && report.get().ready(),
                tasks.busyProperty(), report);
    }

    /** Runs the checks each time the page is shown, so the results always describe the gateway as it is now. */
    @Override
    public void entered() {
        runChecks();
    }

    /**
     * Runs the checks on a worker thread, unless they are already running. Without a connection it first connects
     * again with the last login that worked.
     */
    @Override
    public void runChecks() {
        if (tasks.isBusy()) {
            return;
        }
        error.set(null);
        report.set(null);
        checks.clear();
        GatewayConnection connection = active.current().orElse(null);
        if (connection == null && connectAgain()) {
            return;
        }
        if (connection == null) {
            summary.set(CheckSummary.failed());
            error.set(NOT_CONNECTED);
            return;
        }
        summary.set(CheckSummary.running(STARTING));
        SessionListener progress = event -> tasks.fxThread().execute(() -> progressed(event));
        run = tasks.run(() -> connection.check(progress), this::finished,
                failure -> failed(connection, failure));
    }

    /** Starts connecting again with the last login that worked, and returns whether it started. */
    private boolean connectAgain() {
        connectingAgain = lastLogin.connectAgain(tasks, () -> {
            connectingAgain = false;
            runChecks();
        }, sentence -> {
            connectingAgain = false;
            summary.set(CheckSummary.failed());
            error.set(sentence);
        });
        if (connectingAgain) {
            summary.set(CheckSummary.running(CONNECTING_AGAIN));
        }
        return connectingAgain;
    }

    private void progressed(SessionEvent event) {
        if (event instanceof SessionEvent.StepStarted started && run != null && !run.isEnded()) {
            summary.set(CheckSummary.running(started.message()));
        }
    }

    private void finished(PreflightReport finished) {
        String selectedId = selected.get() == null ? null : selected.get().id();
        List<CheckItem> items = finished.results().stream()
                .map(CheckItem::of)
                .sorted(Comparator.comparing(CheckItem::mark))
                .toList();
        report.set(finished);
        summary.set(CheckSummary.of(finished));
        checks.setAll(items);
        selected.set(items.stream()
                .filter(item -> item.id().equals(selectedId))
                .findFirst()
                .orElse(items.isEmpty() ? null : items.get(0)));
    }

    private void failed(GatewayConnection connection, Exception failure) {
        summary.set(CheckSummary.failed());
        String host = connection.settings().host();
        if (failure instanceof GatewayException gatewayFailure) {
            log.error("The checks on the gateway at {} did not finish.", host, failure);
            error.set(gatewayFailure.getMessage());
            if (gatewayFailure.failure() == GatewayFailure.CONNECTION_LOST) {
                active.close();
            }
        } else {
            log.error("The checks on the gateway at {} failed with an unexpected error.", host, failure);
            error.set(UNEXPECTED_FAILURE);
        }
    }

    /**
     * Stops running checks by closing the connection, which makes the command waiting on the gateway fail at once,
     * or stops connecting again. Running the checks again then connects again. Does nothing when neither runs.
     */
    @Override
    public void stop() {
        if (connectingAgain) {
            connectingAgain = false;
            lastLogin.cancel();
            summary.set(CheckSummary.failed());
            error.set(STOPPED);
            return;
        }
        if (run == null || run.isEnded()) {
            return;
        }
        run.cancel(late -> { });
        active.close();
        log.info("The person stopped the checks; the connection to the gateway is closed.");
        summary.set(CheckSummary.failed());
        error.set(STOPPED);
    }

    /** The checks, what needs fixing first and otherwise in catalog order. */
    @Override
    public ObservableList<CheckItem> checks() {
        return checksView;
    }

    /** The check whose details the page shows. */
    @Override
    public ObjectProperty<CheckItem> selectedProperty() {
        return selected;
    }

    /** The line at the top of the page, or {@code null} before the first run. */
    @Override
    public ReadOnlyObjectProperty<CheckSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The last finished report, or {@code null} while checks run or after a failure. */
    public ReadOnlyObjectProperty<PreflightReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    /** The sentence saying why the checks did not finish, or {@code null}. */
    @Override
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    /** True when the checks finished and no blocker failed. */
    @Override
    public ObservableBooleanValue canContinue() {
        return canContinue;
    }
}
