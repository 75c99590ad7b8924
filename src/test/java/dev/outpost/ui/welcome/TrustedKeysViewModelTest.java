package dev.outpost.ui.welcome;

import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.ui.FxThreadQueue;
import dev.outpost.ui.TestBundles;
import dev.outpost.ui.common.BackgroundTasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedKeysViewModelTest {

    @TempDir
    Path dir;

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final BackgroundTasks tasks = new BackgroundTasks(worker, fxThread);

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    private TrustedKeysViewModel model(TrustedKeys store) {
        return new TrustedKeysViewModel(store, tasks);
    }

    private void awaitIdle() {
        fxThread.runUntil(() -> !tasks.isBusy());
    }

    @Test
    void refreshListsKeys() throws Exception {
        TrustedKeysViewModel model = model(TestBundles.trustingHeadOffice(dir));

        model.refresh();
        awaitIdle();

        assertThat(model.keys()).extracting(TrustedKeys.TrustedKey::fingerprint)
                .containsExactly(SigningKeys.fingerprint(TestBundles.HEAD_OFFICE.getPublic()));
        assertThat(TrustedKeysViewModel.count(model.keys())).isEqualTo("1 trusted head-office key");
    }

    @Test
    void previewAsksBeforeAdding() throws Exception {
        TrustedKeys store = TestBundles.untrusted(dir);
        TrustedKeysViewModel model = model(store);
        Path file = TestBundles.publicKeyFile(dir.resolve("usb"), "head-office.pub");
        AtomicReference<TrustedKeys.KeyCandidate> asked = new AtomicReference<>();

        model.preview(file, asked::set);
        awaitIdle();

        assertThat(asked.get().fingerprint()).isEqualTo(SigningKeys.fingerprint(TestBundles.HEAD_OFFICE.getPublic()));
        assertThat(store.list()).as("nothing is added before the person confirms").isEmpty();

        model.add(asked.get());
        fxThread.runUntil(() -> !model.keys().isEmpty());

        assertThat(store.list()).hasSize(1);
        assertThat(model.statusProperty().get()).startsWith("Added head-office.pub.");
        assertThat(model.problemProperty().get()).isEmpty();
    }

    @Test
    void declinedKeyIsNotAdded() throws Exception {
        TrustedKeys store = TestBundles.untrusted(dir);
        TrustedKeysViewModel model = model(store);
        AtomicReference<TrustedKeys.KeyCandidate> asked = new AtomicReference<>();
        model.preview(TestBundles.publicKeyFile(dir.resolve("usb"), "head-office.pub"), asked::set);
        awaitIdle();

        model.declined(asked.get());

        assertThat(store.list()).isEmpty();
        assertThat(model.statusProperty().get()).isEqualTo("The key was not added.");
    }

    @Test
    void trustedKeyIsNotAskedAgain() throws Exception {
        TrustedKeysViewModel model = model(TestBundles.trustingHeadOffice(dir));
        AtomicReference<TrustedKeys.KeyCandidate> asked = new AtomicReference<>();

        model.preview(TestBundles.publicKeyFile(dir.resolve("usb"), "copy.pub"), asked::set);
        awaitIdle();

        assertThat(asked.get()).isNull();
        assertThat(model.statusProperty().get()).isEqualTo("This key is already trusted, as head-office.pub."
                + " Nothing was added.");
    }

    @Test
    void privateKeyIsRejectedPlainly() throws Exception {
        TrustedKeysViewModel model = model(TestBundles.untrusted(dir));
        Path file = dir.resolve("head-office");
        SigningKeys.writePrivateKey(TestBundles.HEAD_OFFICE.getPrivate(), file, null);
        AtomicReference<TrustedKeys.KeyCandidate> asked = new AtomicReference<>();

        model.preview(file, asked::set);
        awaitIdle();

        assertThat(asked.get()).isNull();
        assertThat(model.problemProperty().get()).contains("is a private key").contains(file.toString());
    }

    @Test
    void junkIsRejectedPlainly() throws Exception {
        TrustedKeysViewModel model = model(TestBundles.untrusted(dir));
        Path file = Files.writeString(dir.resolve("notes.pub"), "not a key");

        model.preview(file, candidate -> { });
        awaitIdle();

        assertThat(model.problemProperty().get()).contains("notes.pub").contains("not an Ed25519 public key");
    }

    @Test
    void countNamesNoKey() {
        assertThat(TrustedKeysViewModel.count(java.util.List.of())).isEqualTo("No head-office key is trusted yet");
    }
}
