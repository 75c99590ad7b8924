package dev.outpost.ui.connect;

import dev.outpost.engine.discovery.DiscoveredGateway;
import dev.outpost.engine.discovery.DiscoveryResult;
import dev.outpost.engine.discovery.DiscoverySettings;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.GatewayFinder;
import dev.outpost.ui.common.RefreshTimer;
import dev.outpost.ui.common.RunningTask;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The list of gateways found on the laptop's cable, on the connect page. While the page is shown and no gateway is
 * connected, it searches again every {@link #REFRESH_INTERVAL}; each search is bounded by the discovery settings.
 * Searching runs on its own tasks, so it never holds up Back, Next or Connect. Every public method is called on the
 * FX thread.
 */
public final class DiscoveryViewModel {

    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(15);
    static final String SEARCHING = "Looking for gateways on this laptop's cable…";
    static final String NONE_FOUND = "No gateway answered on this laptop's cable. Check that the cable is in the"
            + " gateway's network port and that the gateway is on; it can take a minute after power-on. If its"
            + " network is not set up, use its console port.";
    static final String ONE_FOUND = "One gateway answered. Choose Use to fill in its address.";
    static final String SEVERAL_FOUND = "%d gateways answered. Pick yours by its name or host-key fingerprint;"
            + " head office can tell you which one is yours.";
    static final String FAILED = "Outpost could not look for gateways: %s Type the gateway's address instead.";
    static final String TURNED_OFF = "Looking for gateways on the cable is turned off. Type the gateway's address,"
            + " or turn looking on again.";
    static final String NOT_SAVED = "The setting could not be saved, so it lasts until Outpost closes.";

    private static final Logger log = LoggerFactory.getLogger(DiscoveryViewModel.class);

    private final GatewayFinder finder;
    private final BackgroundTasks tasks;
    private final RefreshTimer timer;
    private final ConnectionForm form;
    private final ObservableList<DiscoveredGateway> gateways = FXCollections.observableArrayList();
    /** Kept in a field: the wrapper listens to the list weakly, so a new one per call would stop updating. */
    private final ObservableList<DiscoveredGateway> shownGateways = FXCollections.unmodifiableObservableList(gateways);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status");
    private final ReadOnlyBooleanWrapper enabled = new ReadOnlyBooleanWrapper(this, "enabled");
    private DiscoverySettings settings;
    private RunningTask<DiscoveryResult> search;
    private AtomicBoolean stopRequested = new AtomicBoolean();
    private Runnable cancelRefresh = () -> { };
    private boolean shown;
    private boolean connected;

    /**
     * @param finder searches the cable
     * @param tasks  runs the searches; its busy flag is true while one runs
     * @param timer  schedules the next search
     * @param form   the connect form that {@link #use} fills in
     */
    public DiscoveryViewModel(GatewayFinder finder, BackgroundTasks tasks, RefreshTimer timer, ConnectionForm form) {
        this.finder = finder;
        this.tasks = tasks;
        this.timer = timer;
        this.form = form;
        this.settings = finder.settings();
        enabled.set(settings.enabled());
        if (!settings.enabled()) {
            status.set(TURNED_OFF);
        }
    }

    /** Called when the connect page is shown: searches now, then again while it stays shown. */
    public void pageShown() {
        shown = true;
        if (!connected) {
            searchNow();
        }
    }

    /** Called when another page is shown: stops searching. */
    public void pageHidden() {
        shown = false;
        stop();
    }

    /** Called when a connection opens or closes: there is no need to search while one is open. */
    public void connectionChanged(boolean open) {
        connected = open;
        if (open) {
            stop();
        } else if (shown) {
            searchNow();
        }
    }

    /** Searches at once, unless a search is running or searching is turned off. */
    public void searchNow() {
        cancelRefresh.run();
        if (!settings.enabled() || tasks.isBusy()) {
            return;
        }
        AtomicBoolean stopThis = new AtomicBoolean();
        stopRequested = stopThis;
        status.set(SEARCHING);
        DiscoverySettings used = settings;
        search = tasks.run(() -> finder.search(used,
                        gateway -> tasks.fxThread().execute(() -> found(gateway, stopThis)), stopThis::get),
                this::finished, this::failed);
    }

    /** Fills the connect form with the gateway's first address and its SSH port. */
    public void use(DiscoveredGateway gateway) {
        log.info("The person chose the gateway at {} that the search found.", gateway.address());
        form.addressProperty().set(gateway.address());
        form.portProperty().set(Integer.toString(gateway.sshPort()));
    }

    /** Turns searching on or off, and saves the choice. */
    public void setEnabled(boolean on) {
        if (on == settings.enabled()) {
            return;
        }
        settings = settings.withEnabled(on);
        enabled.set(on);
        DiscoverySettings toSave = settings;
        new BackgroundTasks(tasks.worker(), tasks.fxThread()).run(() -> {
            finder.save(toSave);
            return toSave;
        }, saved -> log.info("Looking for gateways on the cable is now {}.", saved.enabled() ? "on" : "off"),
                failure -> {
                    log.error("The discovery setting could not be saved.", failure);
                    status.set(status.get() + " " + NOT_SAVED);
                });
        if (on) {
            searchNow();
        } else {
            stop();
            gateways.clear();
            status.set(TURNED_OFF);
        }
    }

    private void found(DiscoveredGateway gateway, AtomicBoolean searchStopped) {
        if (searchStopped.get()) {
            return;
        }
        // A gateway found again replaces its row in place, so a row the person is about to click stays put.
        for (int i = 0; i < gateways.size(); i++) {
            if (sameGateway(gateways.get(i), gateway)) {
                if (!gateways.get(i).equals(gateway)) {
                    gateways.set(i, gateway);
                }
                return;
            }
        }
        gateways.add(gateway);
    }

    private void finished(DiscoveryResult result) {
        if (!gateways.equals(result.gateways())) {
            gateways.setAll(result.gateways());
        }
        int count = result.gateways().size();
        if (count == 0) {
            result.notes().forEach(note -> log.info("Looking for gateways: {}", note));
        }
        status.set(switch (count) {
            case 0 -> NONE_FOUND;
            case 1 -> ONE_FOUND;
            default -> SEVERAL_FOUND.formatted(count);
        });
        scheduleNext();
    }

    private void failed(Exception failure) {
        log.error("Looking for gateways on the cable failed.", failure);
        String reason = failure.getMessage() == null ? "an unexpected error stopped it." : failure.getMessage();
        status.set(FAILED.formatted(reason.endsWith(".") ? reason : reason + "."));
        scheduleNext();
    }

    private void scheduleNext() {
        if (shown && !connected && settings.enabled()) {
            cancelRefresh = timer.schedule(REFRESH_INTERVAL, this::searchNow);
        }
    }

    private void stop() {
        cancelRefresh.run();
        cancelRefresh = () -> { };
        stopRequested.set(true);
        if (search != null && !search.isEnded()) {
            search.cancel(result -> { });
            if (settings.enabled() && gateways.isEmpty()) {
                status.set(null);
            }
        }
    }

    /** Gateways on different cables stay apart even with one host key, as gateways cloned from one image have. */
    private static boolean sameGateway(DiscoveredGateway one, DiscoveredGateway other) {
        if (!one.interfaceName().equals(other.interfaceName())) {
            return false;
        }
        if (one.hostKeyFingerprint().isPresent() && other.hostKeyFingerprint().isPresent()) {
            return one.hostKeyFingerprint().equals(other.hostKeyFingerprint());
        }
        return one.addresses().stream().anyMatch(other.addresses()::contains);
    }

    /** Returns the gateways found by the last search, and those the running search has found so far. */
    public ObservableList<DiscoveredGateway> gateways() {
        return shownGateways;
    }

    /** Returns the search's state or outcome as a sentence, or {@code null} before the first search. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while a search runs. */
    public ReadOnlyBooleanProperty searchingProperty() {
        return tasks.busyProperty();
    }

    /** True when searching is turned on in the settings. */
    public ReadOnlyBooleanProperty enabledProperty() {
        return enabled.getReadOnlyProperty();
    }
}
