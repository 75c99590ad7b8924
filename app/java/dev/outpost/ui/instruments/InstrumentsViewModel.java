package dev.outpost.ui.instruments;

import dev.outpost.engine.instruments.InstrumentInventory;
import dev.outpost.engine.instruments.InstrumentScan;
import dev.outpost.engine.instruments.PortException;
import dev.outpost.engine.instruments.PortState;
import dev.outpost.engine.instruments.SerialPortInfo;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.GatewayConnection;
import dev.outpost.ui.common.PageModel;
import dev.outpost.ui.common.RunningTask;
import dev.outpost.ui.common.SerialInstruments;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The instruments page: scans the serial ports of the laptop and, when connected, of the gateway, and lists what
 * is on each port. Scanning starts only when the person asks, so walking through the wizard never opens a port.
 * After a scan, the laptop's port list is watched, and a port plugged in or out starts a new scan. Instruments
 * are optional, so Next is enabled except while scanning. Every public method is called on the FX thread.
 */
public final class InstrumentsViewModel implements PageModel {

    private static final Logger log = LoggerFactory.getLogger(InstrumentsViewModel.class);
    static final String BEFORE_SCAN = "Choose Scan to find the instruments on the gateway's and this laptop's"
            + " serial ports. Outpost only listens and sends read-only requests; instruments are optional, so"
            + " you may also choose Next.";
    static final String SCANNING = "Scanning the serial ports. Each port takes at most 20 seconds.";
    static final String PORTS_CHANGED = "A serial port was plugged in or out, so Outpost is scanning again.";
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);

    private final SerialInstruments instruments;
    private final BackgroundTasks tasks;
    private final ActiveConnection active;
    private final ObservableList<InstrumentRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<InstrumentRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", BEFORE_SCAN);
    private final ObservableBooleanValue canContinue;
    private final AtomicBoolean watching = new AtomicBoolean();
    private RunningTask<List<InstrumentInventory>> scan;

    /**
     * @param instruments runs the scans
     * @param tasks       runs them off the FX thread; its busy flag is this page's
     * @param active      the connection to the gateway, if any
     */
    public InstrumentsViewModel(SerialInstruments instruments, BackgroundTasks tasks, ActiveConnection active) {
        this.instruments = instruments;
        this.tasks = tasks;
        this.active = active;
        canContinue = Bindings.createBooleanBinding(() -> !tasks.isBusy(), tasks.busyProperty());
    }

    /** Scans the laptop and the gateway at the same time, unless a scan runs already. */
    public void scan() {
        if (tasks.isBusy()) {
            return;
        }
        status.set(SCANNING);
        GatewayConnection connection = active.current().orElse(null);
        scan = tasks.run(() -> scanBoth(connection), this::finished, this::failed);
    }

    private List<InstrumentInventory> scanBoth(GatewayConnection connection) throws PortException {
        CompletableFuture<InstrumentInventory> gateway = connection == null
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> {
                    try {
                        return instruments.scanGateway(connection, InstrumentScan.Listener.NONE);
                    } catch (PortException e) {
                        throw new CompletionException(e);
                    }
                }, tasks.worker());
        List<InstrumentInventory> found = new ArrayList<>();
        found.add(instruments.scanLaptop(InstrumentScan.Listener.NONE));
        try {
            InstrumentInventory onGateway = gateway.join();
            if (onGateway != null) {
                found.add(0, onGateway);
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof PortException failure) {
                throw failure;
            }
            throw e;
        }
        return found;
    }

    private void finished(List<InstrumentInventory> inventories) {
        List<InstrumentRow> found = inventories.stream().flatMap(i -> i.findings().stream()).map(InstrumentRow::of)
                .toList();
        rows.setAll(found);
        selected.set(found.isEmpty() ? null : found.get(0));
        long identified = found.stream().filter(row -> row.state() == PortState.IDENTIFIED).count();
        status.set(found.isEmpty() ? "No serial ports were found. Plug the instrument's adapter in; Outpost scans"
                + " again when a port appears, or choose Re-scan."
                : identified + " of " + found.size() + " serial ports have an instrument Outpost recognised. Select"
                + " a port for details, or choose Re-scan after plugging something in.");
        startWatching();
    }

    private void failed(Exception failure) {
        log.warn("The instrument scan did not finish.", failure);
        status.set(failure instanceof PortException ? failure.getMessage() : "The scan failed unexpectedly."
                + " Choose Re-scan; if it fails again, send Outpost's log to head office.");
    }

    /** Polls the laptop's port list on a worker thread and scans again when it changes. */
    private void startWatching() {
        if (!watching.compareAndSet(false, true)) {
            return;
        }
        tasks.worker().execute(() -> {
            Set<String> known = paths();
            while (watching.get()) {
                try {
                    Thread.sleep(WATCH_INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                Set<String> now = paths();
                if (watching.get() && !now.equals(known)) {
                    known = now;
                    tasks.fxThread().execute(this::portsChanged);
                }
            }
        });
    }

    private Set<String> paths() {
        try {
            return instruments.laptopPorts().stream().map(SerialPortInfo::path).collect(Collectors.toSet());
        } catch (PortException e) {
            return Set.of();
        }
    }

    private void portsChanged() {
        if (!watching.get() || tasks.isBusy()) {
            return;
        }
        log.info("The laptop's serial ports changed; scanning again.");
        scan();
        status.set(PORTS_CHANGED);
    }

    /** Stops watching the ports and waiting for a scan, when the window closes. */
    public void stop() {
        watching.set(false);
        if (scan != null) {
            scan.cancel(late -> { });
        }
    }

    /** One row per port, the gateway's first. */
    public ObservableList<InstrumentRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public ObjectProperty<InstrumentRow> selectedProperty() {
        return selected;
    }

    /** The line at the top of the page: what to do, or how the last scan went. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    @Override
    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    @Override
    public ObservableBooleanValue canContinue() {
        return canContinue;
    }
}
