package dev.outpost.ui.connect;

import dev.outpost.engine.discovery.DiscoveredGateway;
import dev.outpost.engine.discovery.DiscoverySettings;
import dev.outpost.ui.FakeGatewayFinder;
import dev.outpost.ui.FxThreadQueue;
import dev.outpost.ui.common.BackgroundTasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.outpost.ui.FakeGatewayFinder.announced;
import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryViewModelTest {

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final FakeGatewayFinder finder = new FakeGatewayFinder();
    private final ConnectionForm form = new ConnectionForm();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final List<Duration> delays = new ArrayList<>();
    private DiscoveryViewModel model;

    @AfterEach
    void stopWorker() {
        finder.release();
        worker.shutdownNow();
    }

    private DiscoveryViewModel model() {
        if (model == null) {
            model = new DiscoveryViewModel(finder, new BackgroundTasks(worker, fxThread), (delay, action) -> {
                delays.add(delay);
                scheduled.add(action);
                return () -> scheduled.remove(action);
            }, form);
        }
        return model;
    }

    private void awaitSearch() {
        fxThread.runUntil(() -> !model().searchingProperty().get());
    }

    @Test
    void showingThePageSearchesAndListsWhatAnswered() {
        finder.answering(announced("site-gw-01", "169.254.3.12", "abc"));

        model().pageShown();
        assertThat(model().statusProperty().get()).isEqualTo(DiscoveryViewModel.SEARCHING);
        awaitSearch();

        assertThat(model().gateways()).extracting(gateway -> gateway.name().orElseThrow())
                .containsExactly("site-gw-01");
        assertThat(model().statusProperty().get()).isEqualTo(DiscoveryViewModel.ONE_FOUND);
        assertThat(delays).containsExactly(DiscoveryViewModel.REFRESH_INTERVAL);
    }

    @Test
    void refreshDropsSilentGateways() {
        finder.answering(announced("site-gw-01", "169.254.3.12", "abc"), announced("site-gw-02", "169.254.3.13",
                "def"));
        model().pageShown();
        awaitSearch();
        assertThat(model().statusProperty().get()).isEqualTo(DiscoveryViewModel.SEVERAL_FOUND.formatted(2));

        finder.answering();
        scheduled.remove(0).run();
        awaitSearch();

        assertThat(finder.searches()).isEqualTo(2);
        assertThat(model().gateways()).isEmpty();
        assertThat(model().statusProperty().get()).isEqualTo(DiscoveryViewModel.NONE_FOUND);
    }

    @Test
    void sameKeyOnTwoCablesListsTwoRows() {
        DiscoveredGateway first = announced("site-gw-01", "169.254.3.12", "same");
        DiscoveredGateway second = new DiscoveredGateway(first.name(), List.of("169.254.4.12"), 22, "eth-other",
                first.foundBy(), first.hostKeyFingerprint(), first.sshBanner());
        finder.hold();
        finder.answering(first, second);

        model().pageShown();
        fxThread.runUntil(() -> model().gateways().size() == 2);
        finder.release();
        awaitSearch();

        assertThat(model().gateways()).extracting(DiscoveredGateway::interfaceName)
                .containsExactly("eth-cable", "eth-other");
    }

    @Test
    void useFillsTheAddressAndPort() {
        finder.answering(announced("site-gw-01", "fe80::1%eth-cable", "abc"));
        model().pageShown();
        awaitSearch();

        model().use(model().gateways().get(0));

        assertThat(form.addressProperty().get()).isEqualTo("fe80::1%eth-cable");
        assertThat(form.portProperty().get()).isEqualTo("22");
    }

    @Test
    void pageHiddenStopsSearching() {
        finder.hold();
        model().pageShown();
        assertThat(model().searchingProperty().get()).isTrue();

        model().pageHidden();
        finder.release();
        fxThread.runPending();

        assertThat(model().searchingProperty().get()).isFalse();
        assertThat(scheduled).isEmpty();
    }

    @Test
    void connectionPausesSearching() {
        model().pageShown();
        awaitSearch();

        model().connectionChanged(true);
        assertThat(scheduled).isEmpty();

        model().connectionChanged(false);
        awaitSearch();
        assertThat(finder.searches()).isEqualTo(2);
    }

    @Test
    void turningOffSavesAndClears() {
        finder.answering(announced("site-gw-01", "169.254.3.12", "abc"));
        model().pageShown();
        awaitSearch();

        model().setEnabled(false);
        fxThread.runUntil(() -> !finder.saved().isEmpty());

        assertThat(finder.saved()).extracting(DiscoverySettings::enabled).containsExactly(false);
        assertThat(model().gateways()).isEmpty();
        assertThat(model().statusProperty().get()).isEqualTo(DiscoveryViewModel.TURNED_OFF);
        assertThat(scheduled).isEmpty();
        model().searchNow();
        assertThat(finder.searches()).isEqualTo(1);
    }

    @Test
    void searchingTurnedOffInTheSettingsNeverSearches() {
        finder.turnedOff();

        model().pageShown();

        assertThat(finder.searches()).isZero();
        assertThat(model().enabledProperty().get()).isFalse();
        assertThat(model().statusProperty().get()).isEqualTo(DiscoveryViewModel.TURNED_OFF);
    }

    @Test
    void failedSearchShowsReason() {
        finder.failWith(new IOException("The interface eth-cable is down."));

        model().pageShown();
        awaitSearch();

        assertThat(model().statusProperty().get()).isEqualTo(DiscoveryViewModel.FAILED.formatted(
                "The interface eth-cable is down."));
        assertThat(model().statusProperty().get()).endsWith("Type the gateway's address instead.");
    }
}
