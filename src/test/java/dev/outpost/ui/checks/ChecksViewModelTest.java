package dev.outpost.ui.checks;

import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.FxThreadQueue;
import dev.outpost.ui.SampleReports;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.connect.ConnectViewModel;
import dev.outpost.ui.connect.LoginSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class ChecksViewModelTest {

    private static final String ADDRESS = "192.168.16.53";

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final FakeGatewayChecks gateway = new FakeGatewayChecks().knowHostKey();
    private final ActiveConnection active = new ActiveConnection(worker);
    private final ConnectViewModel login = new ConnectViewModel(gateway, new BackgroundTasks(worker, fxThread),
            active, Path.of("known_hosts"));
    private final ChecksViewModel model = new ChecksViewModel(new BackgroundTasks(worker, fxThread), active, login);
    private FakeGatewayChecks.Connection connection;

    @BeforeEach
    void connect() {
        login.form().addressProperty().set(ADDRESS);
        login.form().userProperty().set("root");
        login.connect(new LoginSecrets("secret".toCharArray(), new char[0], new char[0]));
        fxThread.runUntil(() -> active.current().isPresent());
        connection = (FakeGatewayChecks.Connection) active.current().orElseThrow();
    }

    @AfterEach
    void stopWorker() {
        gateway.releaseChecks();
        worker.shutdownNow();
    }

    private void awaitIdle() {
        fxThread.runUntil(() -> !model.busyProperty().get());
    }

    @Test
    void enteredRunsChecksFailuresFirst() {
        model.entered();
        awaitIdle();

        assertThat(gateway.checkRuns()).isEqualTo(1);
        assertThat(model.checks()).hasSize(SampleReports.noDefaultRoute().size());
        assertThat(model.checks().get(0).id()).isEqualTo("network.default-route");
        assertThat(model.checks().get(0).mark()).isEqualTo(CheckMark.FAIL);
        assertThat(model.checks().get(1).id()).isEqualTo("system.swap");
        assertThat(model.checks().get(2).id()).as("passes keep catalog order").isEqualTo("system.architecture");
        assertThat(model.checks().subList(2, model.checks().size()))
                .allMatch(item -> item.mark() == CheckMark.PASS);
    }

    @Test
    void firstCheckSelectedAfterRun() {
        model.runChecks();
        awaitIdle();

        assertThat(model.selectedProperty().get().id()).isEqualTo("network.default-route");
    }

    @Test
    void summaryCountsBlockers() {
        model.runChecks();
        awaitIdle();

        assertThat(model.summaryProperty().get().headline()).isEqualTo("1 check must be fixed before the install");
        assertThat(model.summaryProperty().get().tone()).isEqualTo(CheckSummary.Tone.BLOCKED);
    }

    @Test
    void blockerKeepsNextDisabled() {
        model.runChecks();
        awaitIdle();

        assertThat(model.reportProperty().get()).isNotNull();
        assertThat(model.canContinue().get()).isFalse();
    }

    @Test
    void readyReportEnablesNext() {
        gateway.results(SampleReports.allPassed());

        model.runChecks();
        awaitIdle();

        assertThat(model.canContinue().get()).isTrue();
        assertThat(model.summaryProperty().get().headline()).isEqualTo("Ready to install");
    }

    @Test
    void rerunIsBusyAndDisablesNext() {
        gateway.results(SampleReports.allPassed());
        model.runChecks();
        awaitIdle();
        gateway.holdChecks();

        model.runChecks();

        assertThat(model.busyProperty().get()).isTrue();
        assertThat(model.canContinue().get()).isFalse();
        assertThat(model.checks()).as("old results are cleared while the checks run").isEmpty();
        fxThread.runUntil(() -> model.summaryProperty().get().advice().equals("Asking the gateway about its system."));
        assertThat(model.summaryProperty().get().tone()).isEqualTo(CheckSummary.Tone.RUNNING);

        gateway.releaseChecks();
        awaitIdle();
        assertThat(model.canContinue().get()).isTrue();
        assertThat(gateway.checkRuns()).isEqualTo(2);
    }

    @Test
    void rerunWhileBusyIsIgnored() {
        gateway.holdChecks();
        model.runChecks();

        model.runChecks();
        gateway.releaseChecks();
        awaitIdle();

        assertThat(gateway.checkRuns()).isEqualTo(1);
    }

    @Test
    void rerunKeepsSelection() {
        model.runChecks();
        awaitIdle();
        CheckItem swap = model.checks().stream().filter(c -> c.id().equals("system.swap")).findFirst().orElseThrow();
        model.selectedProperty().set(swap);

        model.runChecks();
        awaitIdle();

        assertThat(model.selectedProperty().get().id()).isEqualTo("system.swap");
    }

    @Test
    void notConnectedShowsMessage() {
        login.forgetLogin();
        active.close();

        model.runChecks();

        assertThat(model.errorProperty().get()).isEqualTo(ChecksViewModel.NOT_CONNECTED);
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.summaryProperty().get().tone()).isEqualTo(CheckSummary.Tone.FAILED);
    }

    @Test
    void timeoutShowsSentenceAndKeepsConnection() {
        String sentence = GatewayFailure.COMMAND_TIMED_OUT.describe("sh -c …", 30);
        gateway.failChecks(new GatewayException(GatewayFailure.COMMAND_TIMED_OUT, sentence));

        model.runChecks();
        awaitIdle();

        assertThat(model.errorProperty().get()).isEqualTo(sentence);
        assertThat(model.checks()).isEmpty();
        assertThat(model.canContinue().get()).isFalse();
        assertThat(active.current()).isPresent();
    }

    @Test
    void lostConnectionIsClosed() {
        String sentence = GatewayFailure.CONNECTION_LOST.describe(ADDRESS);
        gateway.failChecks(new GatewayException(GatewayFailure.CONNECTION_LOST, sentence));

        model.runChecks();
        awaitIdle();

        assertThat(model.errorProperty().get()).isEqualTo(sentence);
        assertThat(active.current()).isEmpty();
    }

    @Test
    void runAgainAfterLostConnectionReconnects() {
        gateway.failChecks(new GatewayException(GatewayFailure.CONNECTION_LOST,
                GatewayFailure.CONNECTION_LOST.describe(ADDRESS)));
        model.runChecks();
        awaitIdle();
        gateway.failChecks(null);

        model.runChecks();

        assertThat(model.busyProperty().get()).isTrue();
        assertThat(model.summaryProperty().get().advice()).isEqualTo(ChecksViewModel.CONNECTING_AGAIN);
        awaitIdle();
        assertThat(model.errorProperty().get()).isNull();
        assertThat(model.checks()).isNotEmpty();
        assertThat(gateway.connections()).hasSize(2);
        assertThat(active.current()).containsSame(gateway.connections().get(1));
        Credentials.Password again = (Credentials.Password) gateway.connectRequests().get(1).credentials();
        assertThat(again.password()).containsExactly("secret".toCharArray());
        assertThat(login.hostKeyQuestionProperty().get()).as("a recorded key is not asked about again").isNull();
    }

    @Test
    void runAgainAfterStopReconnects() {
        gateway.holdChecks();
        model.runChecks();
        fxThread.runUntil(() -> gateway.checkRuns() == 1);
        model.stop();
        gateway.releaseChecks();
        fxThread.runUntil(connection::isClosed);

        model.runChecks();
        awaitIdle();

        assertThat(model.errorProperty().get()).isNull();
        assertThat(model.checks()).isNotEmpty();
        assertThat(gateway.checkRuns()).isEqualTo(2);
        assertThat(gateway.connections()).hasSize(2);
    }

    @Test
    void reconnectAsksWhenEngineAsks() {
        active.close();
        gateway.forgetHostKey();

        model.runChecks();
        fxThread.runUntil(() -> login.hostKeyQuestionProperty().get() != null);
        assertThat(model.busyProperty().get()).isTrue();
        login.answerHostKey(true);
        awaitIdle();

        assertThat(model.checks()).isNotEmpty();
        assertThat(model.errorProperty().get()).isNull();
    }

    @Test
    void reconnectFailureShowsSentence() {
        String sentence = GatewayFailure.UNREACHABLE.describe(ADDRESS);
        gateway.failConnect(new GatewayException(GatewayFailure.UNREACHABLE, sentence));
        active.close();

        model.runChecks();
        awaitIdle();

        assertThat(model.errorProperty().get()).isEqualTo(sentence);
        assertThat(model.summaryProperty().get().tone()).isEqualTo(CheckSummary.Tone.FAILED);
        assertThat(login.isKept()).as("the login stays for the next try").isTrue();
    }

    @Test
    void stopWhileConnectingAgain() {
        gateway.holdConnect();
        active.close();
        model.runChecks();

        model.stop();
        gateway.releaseConnect();

        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.errorProperty().get()).isEqualTo(ChecksViewModel.STOPPED);
        fxThread.runUntil(() -> gateway.connections().size() == 2 && gateway.connections().get(1).isClosed());
        assertThat(active.current()).isEmpty();
    }

    @Test
    void stopClosesConnection() {
        gateway.holdChecks();
        model.runChecks();

        model.stop();

        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.errorProperty().get()).isEqualTo(ChecksViewModel.STOPPED);
        assertThat(active.current()).isEmpty();
        fxThread.runUntil(connection::isClosed);
        assertThat(model.checks()).isEmpty();
    }

    @Test
    void runAgainClearsError() {
        gateway.failChecks(new GatewayException(GatewayFailure.COMMAND_TIMED_OUT, "Timed out."));
        model.runChecks();
        awaitIdle();

        gateway.failChecks(null);
        model.runChecks();
        awaitIdle();

        assertThat(model.errorProperty().get()).isNull();
        assertThat(model.checks()).isNotEmpty();
    }
}
