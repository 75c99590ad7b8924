package dev.outpost.ui.install;

import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.engine.install.InstallEvent;
import dev.outpost.engine.install.InstallResult;
import dev.outpost.engine.install.StepInfo;
import dev.outpost.ui.FakeGatewayChecks;
import dev.outpost.ui.FakeGatewayInstall;
import dev.outpost.ui.FxThreadQueue;
import dev.outpost.ui.TestBundles;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.ChosenBundle;
import dev.outpost.ui.common.ChosenEnrollment;
import dev.outpost.ui.common.GatewayInstall;
import dev.outpost.ui.common.TrustedBundleChecks;
import dev.outpost.ui.common.VerifiedBundle;
import dev.outpost.ui.connect.ConnectViewModel;
import dev.outpost.ui.connect.LoginSecrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static dev.outpost.ui.FakeGatewayInstall.PLAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InstallViewModelTest {

    private static final String ADDRESS = "192.168.16.53";
    private static final String SITE = "store-0042";
    private static final String START_FAILED = "K3s did not start: port 6443 is already in use by another program on"
            + " the gateway. Stop that program, then choose Try again.";

    @TempDir
    static Path dir;

    private static TrustedKeys keys;
    private static VerifiedBundle bundle;

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final FakeGatewayChecks gateway = new FakeGatewayChecks().knowHostKey();
    private final FakeGatewayInstall install = new FakeGatewayInstall();
    private final ActiveConnection active = new ActiveConnection(worker);
    private final ConnectViewModel login = new ConnectViewModel(gateway, new BackgroundTasks(worker, fxThread),
            active, Path.of("known_hosts"));
    private final ChosenBundle chosen = new ChosenBundle();
    private String hostname = "Store-0042";
    private InstallViewModel model = model(install);
    private FakeGatewayChecks.Connection connection;

    @BeforeAll
    static void verifyBundle() throws Exception {
        keys = TestBundles.trustingHeadOffice(dir.resolve("data"));
        Path built = TestBundles.build(dir.resolve("usb"), "site-2026-12.tar");
        bundle = new VerifiedBundle(built, new TrustedBundleChecks(keys).verify(built, progress -> { }));
    }

    @BeforeEach
    void connectAndChooseBundle() {
        login.form().addressProperty().set(ADDRESS);
        login.form().userProperty().set("root");
        login.connect(new LoginSecrets("secret".toCharArray(), new char[0], new char[0]));
        fxThread.runUntil(() -> active.current().isPresent());
        connection = (FakeGatewayChecks.Connection) active.current().orElseThrow();
        chosen.choose(bundle);
    }

    @AfterEach
    void stopWorker() {
        install.release();
        gateway.releaseConnect();
        worker.shutdownNow();
    }

    private InstallViewModel model(GatewayInstall gatewayInstall) {
        return new InstallViewModel(gatewayInstall, new BackgroundTasks(worker, fxThread), active, login, chosen,
                new ChosenEnrollment(), keys, () -> hostname, ZoneOffset.UTC);
    }

    private void awaitIdle() {
        fxThread.runUntil(() -> !model.busyProperty().get());
    }

    private void startInstall() {
        model.entered();
        model.start();
    }

    private List<StepState> states() {
        return model.steps().stream().map(InstallStepItem::state).toList();
    }

    private static List<StepState> statesOf(StepState... first) {
        return IntStream.range(0, PLAN.size())
                .mapToObj(i -> i < first.length ? first[i] : StepState.WAITING)
                .toList();
    }

    private static List<StepState> all(StepState state) {
        return PLAN.stream().map(step -> state).toList();
    }

    @Test
    void enteredSuggestsGatewayHostname() {
        model.entered();

        assertThat(model.siteNameProperty().get()).isEqualTo(SITE);
        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.READY);
        assertThat(model.siteNameErrorProperty().get()).isNull();
    }

    @Test
    void enteredKeepsTypedName() {
        model.entered();
        model.siteNameProperty().set("north-depot");
        hostname = "other-gateway";

        model.entered();

        assertThat(model.siteNameProperty().get()).isEqualTo("north-depot");
    }

    @Test
    void enteredFollowsNewGatewayUntilTyped() {
        model.entered();
        hostname = "gw-7";

        model.entered();

        assertThat(model.siteNameProperty().get()).isEqualTo("gw-7");
    }

    @Test
    void withoutHostnameNameStartsEmpty() {
        hostname = null;

        model.entered();

        assertThat(model.siteNameProperty().get()).isEmpty();
    }

    @Test
    void invalidNameShowsMessageAndStaysOnForm() {
        model.siteNameProperty().set("Store 42");

        model.start();

        assertThat(model.siteNameErrorProperty().get()).isEqualTo("The site name cannot contain spaces. Use only"
                + " lower-case letters, digits, '-' and '.'.");
        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.READY);
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(install.runs()).isZero();
    }

    @Test
    void emptyNameAsksForOne() {
        hostname = null;

        startInstall();

        assertThat(model.siteNameErrorProperty().get()).isEqualTo(SiteName.MISSING);
        assertThat(install.runs()).isZero();
    }

    @Test
    void editingNameClearsMessage() {
        model.siteNameProperty().set("-store");
        model.start();
        assertThat(model.siteNameErrorProperty().get()).isEqualTo(SiteName.BAD_EDGE);

        model.siteNameProperty().set("store");

        assertThat(model.siteNameErrorProperty().get()).isNull();
    }

    @Test
    void withoutBundleInstallWaits() {
        chosen.clear();

        startInstall();

        assertThat(model.bundleProblem().get()).isEqualTo(InstallViewModel.NO_BUNDLE);
        assertThat(model.bundleDescription().get()).isNull();
        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.READY);
        assertThat(install.runs()).isZero();
    }

    @Test
    void bundleDescribedByNameAndVersion() {
        assertThat(model.bundleProblem().get()).isNull();
        assertThat(model.bundleDescription().get())
                .isEqualTo("The install uses the verified bundle site-2026-12, with K3s v1.29.1+k3s1.");
    }

    @Test
    void runFinishesWithEveryStepDone() {
        startInstall();
        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.RUNNING);
        assertThat(model.busyProperty().get()).isTrue();
        awaitIdle();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FINISHED);
        assertThat(model.steps()).extracting(InstallStepItem::title)
                .containsExactlyElementsOf(PLAN.stream().map(StepInfo::title).toList());
        assertThat(states()).isEqualTo(all(StepState.DONE));
        assertThat(model.headlineProperty().get()).isEqualTo("K3s is running on store-0042. The node is ready.");
        assertThat(model.adviceProperty().get())
                .isEqualTo("All 8 steps are done. This run sent 1.3 GB of the bundle to the gateway.");
        assertThat(model.canContinue().get()).isTrue();
        assertThat(model.errorProperty().get()).isNull();
        assertThat(model.overallProgressProperty().get()).isEqualTo(1.0);
        assertThat(model.stepsDoneProperty().get()).isEqualTo("8 of 8 steps done");
        assertThat(model.currentTitleProperty().get()).isEmpty();
    }

    @Test
    void runPassesSiteBundleAndKeys() {
        startInstall();
        awaitIdle();

        assertThat(install.sites()).hasSize(1);
        assertThat(install.sites().get(0).nodeName()).isEqualTo(SITE);
        assertThat(install.sites().get(0).labels()).isEqualTo(Map.of("outpost.dev/site", SITE));
        assertThat(install.bundles()).containsExactly(bundle);
        assertThat(install.trustedKeyCounts()).containsExactly(1);
        assertThat(install.connections()).containsExactly(connection);
    }

    @Test
    void logShowsStepsAndOutput() {
        startInstall();
        awaitIdle();

        assertThat(model.logLines()).first().asString().endsWith("  Installing K3s on the site store-0042.");
        assertThat(model.logLines()).anyMatch(line -> line.endsWith("  Sending the K3s images to the gateway."));
        assertThat(model.logLines()).anyMatch(line -> line.endsWith("      [INFO]  systemd: Enabling k3s unit"));
        assertThat(model.logLines()).anyMatch(line -> line.endsWith("  Send the K3s images: Sent and checked."));
        assertThat(model.logLines()).last().asString()
                .endsWith("  K3s is running on store-0042. The node is ready.");
        assertThat(model.logLines()).allMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d  .*"));
    }

    @Test
    void transferShowsBytesRateAndTime() throws Exception {
        install.holdAt(FakeGatewayInstall.SEND_IMAGES);

        startInstall();
        install.awaitHeld();
        fxThread.runUntil(() -> model.stepProgressTextProperty().get().startsWith("412 MB"));

        assertThat(model.stepProgressTextProperty().get()).isEqualTo("412 MB of 1.2 GB · 38 MB/s · about 21 s left");
        assertThat(model.currentTitleProperty().get()).isEqualTo("Send the K3s images");
        assertThat(model.activityProperty().get()).isEqualTo("Sending the K3s images to the gateway.");
        assertThat(model.adviceProperty().get()).isEqualTo("Step 3 of 8: Send the K3s images.");
        assertThat(states()).isEqualTo(statesOf(StepState.DONE, StepState.DONE, StepState.RUNNING));
        double share = (double) FakeGatewayInstall.IMAGES_HELD_AT / FakeGatewayInstall.IMAGES_BYTES;
        assertThat(model.stepProgressProperty().get()).isCloseTo(share, within(1e-9));
        assertThat(model.overallProgressProperty().get()).isCloseTo((2 + share) / 8, within(1e-9));
        assertThat(model.stepsDoneProperty().get()).isEqualTo("2 of 8 steps done");
        assertThat(model.canContinue().get()).isFalse();
        assertThat(model.busyProperty().get()).as("Back waits for the run").isTrue();
    }

    @Test
    void waitingStepShowsItsMessage() throws Exception {
        install.holdAt(FakeGatewayInstall.WAIT_READY);

        startInstall();
        install.awaitHeld();
        fxThread.runUntil(() -> !model.stepProgressTextProperty().get().isEmpty());

        assertThat(model.stepProgressTextProperty().get())
                .isEqualTo("Node store-0042: NotReady; 1 of 3 system pods running.");
        assertThat(model.stepProgressProperty().get()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void cancelStopsAtOnceAndClosesConnection() throws Exception {
        install.holdAt(FakeGatewayInstall.SEND_IMAGES);
        startInstall();
        install.awaitHeld();
        fxThread.runUntil(() -> model.stepProgressTextProperty().get().startsWith("412 MB"));

        model.cancel();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.CANCELLED);
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.headlineProperty().get()).isEqualTo(InstallViewModel.CANCELLED);
        assertThat(model.adviceProperty().get()).isEqualTo(InstallViewModel.CANCELLED_ADVICE);
        assertThat(model.adviceProperty().get()).contains("continues where this one stopped");
        assertThat(states()).isEqualTo(statesOf(StepState.DONE, StepState.DONE, StepState.CANCELLED));
        assertThat(model.canContinue().get()).isFalse();
        assertThat(active.current()).isEmpty();
        fxThread.runUntil(connection::isClosed);
    }

    @Test
    void lateEventsAfterCancelIgnored() throws Exception {
        install.holdAt(FakeGatewayInstall.SEND_IMAGES);
        startInstall();
        install.awaitHeld();
        model.cancel();
        fxThread.runUntil(connection::isClosed);

        Thread.sleep(InstallEventHandOver.INTERVAL.toMillis() * 4);
        fxThread.runPending();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.CANCELLED);
        assertThat(model.errorProperty().get()).isNull();
        assertThat(states()).isEqualTo(statesOf(StepState.DONE, StepState.DONE, StepState.CANCELLED));
    }

    @Test
    void continueAfterCancelReconnectsAndResumes() throws Exception {
        install.holdAt(FakeGatewayInstall.SEND_IMAGES);
        startInstall();
        install.awaitHeld();
        model.cancel();
        fxThread.runUntil(connection::isClosed);

        model.start();
        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.RUNNING);
        assertThat(model.adviceProperty().get()).isEqualTo(InstallViewModel.CONNECTING_AGAIN);
        awaitIdle();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FINISHED);
        assertThat(gateway.connections()).hasSize(2);
        assertThat(install.connections()).containsExactly(connection, gateway.connections().get(1));
        assertThat(states()).isEqualTo(statesOf(StepState.ALREADY_DONE, StepState.ALREADY_DONE, StepState.DONE,
                StepState.DONE, StepState.DONE, StepState.DONE, StepState.DONE, StepState.DONE));
        assertThat(install.sites()).extracting(site -> site.nodeName()).containsExactly(SITE, SITE);
    }

    @Test
    void cancelWhileConnectingAgain() throws Exception {
        active.close();
        fxThread.runUntil(connection::isClosed);
        gateway.holdConnect();

        startInstall();
        assertThat(model.busyProperty().get()).isTrue();
        model.cancel();
        gateway.releaseConnect();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.CANCELLED);
        assertThat(model.busyProperty().get()).isFalse();
        fxThread.runUntil(() -> gateway.connections().size() == 2 && gateway.connections().get(1).isClosed());
        assertThat(install.runs()).isZero();
    }

    @Test
    void cancelWhenIdleDoesNothing() {
        model.cancel();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.READY);

        startInstall();
        awaitIdle();
        model.cancel();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FINISHED);
        assertThat(active.current()).isPresent();
    }

    @Test
    void failedStepHighlightedWithMessage() {
        install.failAt(FakeGatewayInstall.START, START_FAILED);

        startInstall();
        awaitIdle();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FAILED);
        assertThat(states()).isEqualTo(statesOf(StepState.DONE, StepState.DONE, StepState.DONE, StepState.DONE,
                StepState.DONE, StepState.DONE, StepState.FAILED));
        assertThat(model.steps().get(6).detail()).isEqualTo(START_FAILED);
        assertThat(model.errorProperty().get()).isEqualTo(START_FAILED);
        assertThat(model.headlineProperty().get()).isEqualTo(InstallViewModel.FAILED);
        assertThat(model.adviceProperty().get()).isEqualTo("Step 7 of 8 failed: Start K3s. Fix the problem below,"
                + " then choose Try again. Steps already done are skipped.");
        assertThat(model.canContinue().get()).isFalse();
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(active.current()).as("a failed step keeps the connection").isPresent();
        assertThat(model.logLines().stream().filter(line -> line.contains(START_FAILED)))
                .as("the step's sentence is logged once, not again for the run's end").hasSize(1);
    }

    @Test
    void tryAgainWithoutBundleSaysSo() {
        install.failAt(FakeGatewayInstall.START, START_FAILED);
        startInstall();
        awaitIdle();
        chosen.clear();

        model.start();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FAILED);
        assertThat(model.errorProperty().get()).isEqualTo(InstallViewModel.NO_BUNDLE);
        assertThat(install.runs()).isEqualTo(1);
    }

    @Test
    void tryAgainRunsPlanAgainAndResumes() {
        install.failAt(FakeGatewayInstall.START, START_FAILED);
        startInstall();
        awaitIdle();

        model.start();
        assertThat(model.errorProperty().get()).as("the old failure clears").isNull();
        assertThat(model.steps().get(6).state()).isEqualTo(StepState.WAITING);
        awaitIdle();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FINISHED);
        assertThat(install.runs()).isEqualTo(2);
        assertThat(gateway.connections()).as("the open connection is used again").hasSize(1);
        assertThat(states().subList(0, 6)).containsOnly(StepState.ALREADY_DONE);
        assertThat(states().subList(6, 8)).containsOnly(StepState.DONE);
        assertThat(model.adviceProperty().get()).isEqualTo("All 8 steps are done.");
    }

    @Test
    void nameFixedAfterFirstRun() {
        install.failAt(FakeGatewayInstall.CHECK, "The gateway is not ready. Run the checks again.");
        startInstall();
        awaitIdle();
        model.siteNameProperty().set("other");

        model.start();
        awaitIdle();

        assertThat(install.sites()).extracting(site -> site.nodeName()).containsExactly(SITE, SITE);
    }

    @Test
    void lostConnectionFailsAndTryAgainReconnects() {
        install.loseConnectionAt(FakeGatewayInstall.SEND_IMAGES);
        startInstall();
        awaitIdle();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FAILED);
        assertThat(model.errorProperty().get()).isEqualTo(GatewayFailure.CONNECTION_LOST.describe(ADDRESS));
        assertThat(model.steps().get(2).state()).as("the step the connection was lost in").isEqualTo(StepState.FAILED);
        assertThat(active.current()).isEmpty();

        model.start();
        awaitIdle();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FINISHED);
        assertThat(gateway.connections()).hasSize(2);
    }

    @Test
    void withoutLoginFailsWithNextAction() {
        login.forgetLogin();
        active.close();

        startInstall();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FAILED);
        assertThat(model.errorProperty().get()).isEqualTo(InstallViewModel.NOT_CONNECTED);
        assertThat(model.adviceProperty().get()).isEqualTo(InstallViewModel.FAILED_ADVICE);
        assertThat(model.busyProperty().get()).isFalse();
    }

    @Test
    void buildWithoutInstallerSaysSo() {
        model = model(GatewayInstall.NOT_AVAILABLE);

        startInstall();
        awaitIdle();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FAILED);
        assertThat(model.errorProperty().get()).isEqualTo(GatewayInstall.NOT_AVAILABLE_MESSAGE);
        assertThat(model.steps()).isEmpty();
        assertThat(model.overallProgressProperty().get()).isZero();
    }

    @Test
    void unexpectedErrorSaysWhatToDo() {
        model = model((gatewayConnection, verified, trusted, site, join, listener) -> {
            throw new IllegalStateException("A bug.");
        });

        startInstall();
        awaitIdle();

        assertThat(model.phaseProperty().get()).isEqualTo(InstallViewModel.Phase.FAILED);
        assertThat(model.errorProperty().get()).isEqualTo(InstallViewModel.UNEXPECTED_FAILURE);
    }

    @Test
    void gatewayFailureKeepsOpenConnection() {
        String sentence = GatewayFailure.COMMAND_TIMED_OUT.describe("running the K3s installer", 600);
        model = model((gatewayConnection, verified, trusted, site, join, listener) -> {
            throw new GatewayException(GatewayFailure.COMMAND_TIMED_OUT, sentence);
        });

        startInstall();
        awaitIdle();

        assertThat(model.errorProperty().get()).isEqualTo(sentence);
        assertThat(active.current()).isPresent();
    }

    @Test
    void startWhileRunningIgnored() throws Exception {
        install.holdAt(FakeGatewayInstall.WRITE_CONFIG);
        startInstall();
        install.awaitHeld();

        model.start();
        install.release();
        awaitIdle();

        assertThat(install.runs()).isEqualTo(1);
    }

    @Test
    void alreadyDoneStepsShownSo() {
        install.alreadyDone(FakeGatewayInstall.CHECK, FakeGatewayInstall.SEND_PROGRAM);

        startInstall();
        awaitIdle();

        assertThat(states().subList(0, 2)).containsOnly(StepState.ALREADY_DONE);
        assertThat(model.logLines()).anyMatch(line -> line.endsWith("  Send the K3s program: Already done and"
                + " verified."));
    }

    @Test
    void logKeepsLatestLines() {
        int lines = InstallProgress.LOG_LIMIT + 500;
        model = model((gatewayConnection, verified, trusted, site, join, listener) -> {
            listener.onEvent(new InstallEvent.PlanReady(Instant.now(), List.of(new StepInfo("run", "Run"))));
            for (int i = 1; i <= lines; i++) {
                listener.onEvent(new InstallEvent.StepOutput(Instant.now(), "run", "line " + i));
            }
            return new InstallResult(true, "Done.", null, 0);
        });

        startInstall();
        awaitIdle();

        assertThat(model.logLines()).hasSize(InstallProgress.LOG_LIMIT);
        assertThat(model.logLines()).last().asString().endsWith("    line " + lines);
    }
}
