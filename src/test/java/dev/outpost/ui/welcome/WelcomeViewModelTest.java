package dev.outpost.ui.welcome;

import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.ui.FxThreadQueue;
import dev.outpost.ui.TestBundles;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.ChosenBundle;
import dev.outpost.ui.common.TrustedBundleChecks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class WelcomeViewModelTest {

    @TempDir
    Path dir;

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final ChosenBundle chosen = new ChosenBundle();
    private TestBundles.HeldBundleChecks held;
    private WelcomeViewModel welcome;

    @AfterEach
    void stopWorker() {
        if (held != null) {
            held.release();
        }
        worker.shutdownNow();
    }

    private WelcomeViewModel welcome(TrustedKeys keys) {
        held = new TestBundles.HeldBundleChecks(new TrustedBundleChecks(keys));
        welcome = new WelcomeViewModel(held, new BackgroundTasks(worker, fxThread), chosen, ZoneOffset.UTC);
        return welcome;
    }

    private WelcomeViewModel trusting() throws Exception {
        return welcome(TestBundles.trustingHeadOffice(dir.resolve("data")));
    }

    private void awaitIdle() {
        fxThread.runUntil(() -> !welcome.busyProperty().get());
    }

    @Test
    void stepsNameTheWholeVisit() {
        assertThat(welcome(TestBundles.untrusted(dir)).steps()).extracting(WelcomeViewModel.Step::name)
                .containsExactly("Connect", "Check", "Instruments", "Enroll", "Install",
                "Verify");
    }

    @Test
    void nextEnabledWithoutBundle() {
        WelcomeViewModel model = welcome(TestBundles.untrusted(dir));

        assertThat(model.canContinue().get()).isTrue();
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.stateProperty().get()).isEqualTo(WelcomeViewModel.BundleState.NONE);
        assertThat(model.statusProperty().get()).isEqualTo(WelcomeViewModel.NO_BUNDLE);
        assertThat(chosen.current()).isEmpty();
    }

    @Test
    void startHintNamesNextAction() {
        assertThat(welcome(TestBundles.untrusted(dir)).startHint()).contains("choose Next");
    }

    @Test
    void chooseVerifiesArchive() throws Exception {
        Path bundle = TestBundles.build(dir, "site.tar.zst");
        WelcomeViewModel model = trusting();

        model.choose(bundle);
        assertThat(model.stateProperty().get()).isEqualTo(WelcomeViewModel.BundleState.VERIFYING);
        assertThat(model.busyProperty().get()).as("Next waits for the check").isTrue();
        awaitIdle();

        assertThat(model.stateProperty().get()).isEqualTo(WelcomeViewModel.BundleState.VERIFIED);
        assertThat(model.statusProperty().get()).isEqualTo("Verified bundle chosen: " + TestBundles.NAME
                + ". Its signature and every file in it are intact.");
        assertThat(model.canContinue().get()).isTrue();
        assertThat(model.progressProperty().get()).isEqualTo(1.0);
        assertThat(chosen.current()).hasValueSatisfying(verified -> {
            assertThat(verified.path()).isEqualTo(bundle);
            assertThat(verified.verification().signer())
                    .isEqualTo(SigningKeys.fingerprint(TestBundles.HEAD_OFFICE.getPublic()));
        });
    }

    @Test
    void summaryShowsNameDateVersionsArchitectures() throws Exception {
        Path bundle = TestBundles.build(dir, "site.tar");
        WelcomeViewModel model = trusting();

        model.choose(bundle);
        awaitIdle();

        BundleSummary summary = model.summaryProperty().get();
        assertThat(summary.name()).isEqualTo(TestBundles.NAME);
        assertThat(summary.created()).isEqualTo("4 December 2026, 09:00");
        assertThat(summary.versions()).isEqualTo("K3s v1.29.1+k3s1, Linkerd stable-2.14.10, Workloads 2026.12");
        assertThat(summary.architectures()).isEqualTo("amd64, arm64");
        assertThat(summary.location()).isEqualTo(bundle.toString());
    }

    @Test
    void folderBundleIsVerified() throws Exception {
        Path bundle = TestBundles.build(dir, "site-folder");
        WelcomeViewModel model = trusting();

        model.choose(bundle);
        awaitIdle();

        assertThat(model.stateProperty().get()).isEqualTo(WelcomeViewModel.BundleState.VERIFIED);
    }

    @Test
    void tamperedBundleShowsNamedFile() throws Exception {
        Path bundle = TestBundles.build(dir, "site-folder");
        Files.writeString(bundle.resolve("k3s/v1.29.1+k3s1/all/install.sh"), "#!/bin/sh\necho changed\n");
        WelcomeViewModel model = trusting();

        model.choose(bundle);
        awaitIdle();

        assertThat(model.stateProperty().get()).isEqualTo(WelcomeViewModel.BundleState.FAILED);
        assertThat(model.problemProperty().get()).contains("k3s/v1.29.1+k3s1/all/install.sh");
        assertThat(model.statusProperty().get()).isEqualTo(WelcomeViewModel.FAILED);
        assertThat(model.summaryProperty().get()).isNull();
        assertThat(chosen.current()).isEmpty();
        assertThat(model.canContinue().get()).as("a bundle is optional for now").isTrue();
    }

    @Test
    void untrustedSignerPointsToTrustedKeys() throws Exception {
        Path bundle = TestBundles.build(dir, "site.tar", SigningKeys.generate());
        WelcomeViewModel model = trusting();

        model.choose(bundle);
        awaitIdle();

        assertThat(model.problemProperty().get()).contains("not among the trusted keys")
                .contains("Trusted keys…").doesNotContain("--trust");
    }

    @Test
    void noTrustedKeyIsExplained() throws Exception {
        Path bundle = TestBundles.build(dir, "site.tar");
        WelcomeViewModel model = welcome(TestBundles.untrusted(dir.resolve("data")));

        model.choose(bundle);
        awaitIdle();

        assertThat(model.problemProperty().get()).isEqualTo(TrustedBundleChecks.NO_TRUSTED_KEY);
        assertThat(model.stateProperty().get()).isEqualTo(WelcomeViewModel.BundleState.FAILED);
    }

    @Test
    void missingBundleIsNamed() throws Exception {
        WelcomeViewModel model = trusting();

        model.choose(dir.resolve("gone.tar.zst"));
        awaitIdle();

        assertThat(model.problemProperty().get()).contains("gone.tar.zst").contains("does not exist");
    }

    @Test
    void failedChoiceForgetsEarlierBundle() throws Exception {
        Path good = TestBundles.build(dir.resolve("good"), "site.tar");
        WelcomeViewModel model = trusting();
        model.choose(good);
        awaitIdle();
        assertThat(chosen.current()).isPresent();

        model.choose(dir.resolve("gone.tar"));

        assertThat(chosen.current()).as("forgotten as soon as the new check starts").isEmpty();
        awaitIdle();
        assertThat(chosen.current()).isEmpty();
        assertThat(model.summaryProperty().get()).isNull();
    }

    @Test
    void cancelStopsCheckAndChoosesNothing() throws Exception {
        Path bundle = TestBundles.build(dir, "site.tar");
        WelcomeViewModel model = trusting();
        held.hold();
        model.choose(bundle);
        held.awaitStarted();

        model.cancel();

        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.stateProperty().get()).isEqualTo(WelcomeViewModel.BundleState.NONE);
        assertThat(model.statusProperty().get()).isEqualTo(WelcomeViewModel.CANCELLED);
        held.release();
        Thread.sleep(100);
        fxThread.runPending();
        assertThat(chosen.current()).as("a late result is dropped").isEmpty();
        assertThat(model.stateProperty().get()).isEqualTo(WelcomeViewModel.BundleState.NONE);
    }

    @Test
    void progressIsCoalesced() throws Exception {
        Path bundle = TestBundles.build(dir, "site.tar");
        WelcomeViewModel model = trusting();
        held.extraReports(100_000);
        List<Number> shown = new ArrayList<>();
        model.progressProperty().addListener((observable, before, after) -> shown.add(after));

        long start = System.nanoTime();
        model.choose(bundle);
        awaitIdle();
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(shown.size()).as("%d updates in %.2f s", shown.size(), seconds)
                .isLessThanOrEqualTo(3 + (int) (seconds * 20) + 2);
        assertThat(model.progressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void progressShownWhileHeld() throws Exception {
        Path bundle = TestBundles.build(dir, "site.tar");
        WelcomeViewModel model = trusting();
        held.hold();

        model.choose(bundle);
        assertThat(model.progressProperty().get()).as("unknown until the first report").isEqualTo(-1.0);
        held.awaitStarted();
        fxThread.runUntil(() -> model.progressProperty().get() > 0);

        assertThat(model.progressProperty().get()).isEqualTo(0.4);
        assertThat(model.progressTextProperty().get()).isEqualTo("40% checked");
        held.release();
        awaitIdle();
    }

    @Test
    void dropTakesOnePath() throws Exception {
        Path bundle = TestBundles.build(dir, "site.tar");
        WelcomeViewModel model = trusting();

        assertThat(model.drop(List.of(bundle, bundle))).isFalse();
        assertThat(model.problemProperty().get()).isEqualTo(WelcomeViewModel.DROP_ONE);
        assertThat(model.busyProperty().get()).isFalse();

        assertThat(model.drop(List.of(bundle))).isTrue();
        awaitIdle();
        assertThat(model.stateProperty().get()).isEqualTo(WelcomeViewModel.BundleState.VERIFIED);
        assertThat(model.problemProperty().get()).isEmpty();
    }

    @Test
    void dropRecognisesKeyFile() {
        assertThat(WelcomeViewModel.isKeyFile(List.of(Path.of("head-office.PUB")))).isTrue();
        assertThat(WelcomeViewModel.isKeyFile(List.of(Path.of("site.tar")))).isFalse();
        assertThat(WelcomeViewModel.isKeyFile(List.of(Path.of("a.pub"), Path.of("b.pub")))).isFalse();
        assertThat(WelcomeViewModel.droppedBundle(List.of())).isEmpty();
    }
}
