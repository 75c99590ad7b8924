package dev.outpost.ui.enroll;

import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.testing.TestMeshPki;
import dev.outpost.ui.FxThreadQueue;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.ChosenEnrollment;
import dev.outpost.ui.common.EngineSiteEnrollments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The enrollment page's view model over the engine's enrollment reading, with files from a test PKI. */
class EnrollViewModelTest {

    private static final String SITE = "store-0042";

    @TempDir
    static Path dir;

    private static TestMeshPki pki;
    private static TrustedKeys keys;

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final ChosenEnrollment chosen = new ChosenEnrollment();
    private final EnrollViewModel model = new EnrollViewModel(new EngineSiteEnrollments(Clock.systemUTC()),
            new BackgroundTasks(worker, fxThread), chosen, keys, ZoneOffset.UTC);

    @BeforeAll
    static void trustHeadOffice() throws Exception {
        pki = TestMeshPki.create();
        Path folder = Files.createDirectories(dir.resolve("trusted-keys"));
        SigningKeys.writePublicKey(pki.headOfficeKeys().getPublic(), folder.resolve("head-office.pub"));
        keys = new TrustedKeys(folder, List.of());
    }

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    private void open(Path file, String passphrase) {
        model.choose(file);
        model.open(passphrase.toCharArray());
        fxThread.runUntil(() -> !model.busyProperty().get());
    }

    @Test
    void openedFileShowsSiteAndAllowsNext() throws Exception {
        Path file = pki.enrollment(SITE).displayName("Store 42, Leeds").writeSigned(dir.resolve("good.enrollment"));

        open(file, TestMeshPki.PASSPHRASE);

        assertThat(model.phaseProperty().get()).isEqualTo(EnrollViewModel.Phase.OPENED);
        assertThat(model.siteNameProperty().get()).isEqualTo("Store 42, Leeds");
        assertThat(model.siteIdProperty().get()).isEqualTo(SITE);
        assertThat(model.labels()).containsExactly("region=north", "store=42");
        assertThat(model.canContinue().get()).isTrue();
        assertThat(chosen.current()).isPresent();
        assertThat(model.warningsProperty().get()).isNull();
    }

    @Test
    void wrongPassphraseKeepsNextDisabled() throws Exception {
        Path file = pki.enrollment(SITE).writeSigned(dir.resolve("wrong-passphrase.enrollment"));

        open(file, "not the passphrase");

        assertThat(model.phaseProperty().get()).isEqualTo(EnrollViewModel.Phase.FAILED);
        assertThat(model.errorProperty().get()).contains("passphrase");
        assertThat(model.canContinue().get()).isFalse();
        assertThat(chosen.current()).isEmpty();
    }

    @Test
    void tamperedFileIsRefused() throws Exception {
        Path file = pki.enrollment(SITE).writeSigned(dir.resolve("tampered.enrollment"));
        Files.writeString(file, Files.readString(file).replaceFirst("\"signature\" *: *\"[A-Za-z0-9]",
                "\"signature\":\"Z"));

        open(file, TestMeshPki.PASSPHRASE);

        assertThat(model.phaseProperty().get()).isEqualTo(EnrollViewModel.Phase.FAILED);
        assertThat(model.errorProperty().get()).contains("ask head office for a new enrollment file");
        assertThat(chosen.current()).isEmpty();
    }

    @Test
    void issuerExpiringSoonOpensWithWarning() throws Exception {
        Path file = pki.enrollment(SITE).issuerExpiringInDays(10).writeSigned(dir.resolve("soon.enrollment"));

        open(file, TestMeshPki.PASSPHRASE);

        assertThat(model.phaseProperty().get()).isEqualTo(EnrollViewModel.Phase.OPENED);
        assertThat(model.warningsProperty().get()).isNotBlank();
        assertThat(model.canContinue().get()).isTrue();
    }

    @Test
    void forgettingTheFileInstallsK3sOnly() throws Exception {
        open(pki.enrollment(SITE).writeSigned(dir.resolve("forget.enrollment")), TestMeshPki.PASSPHRASE);

        model.clear();

        assertThat(model.phaseProperty().get()).isEqualTo(EnrollViewModel.Phase.NONE);
        assertThat(chosen.current()).isEmpty();
        assertThat(model.canContinue().get()).isTrue();
    }

    @Test
    void emptyPassphraseAsksForIt() throws Exception {
        model.choose(pki.enrollment(SITE).writeSigned(dir.resolve("empty.enrollment")));

        model.open(new char[0]);

        assertThat(model.errorProperty().get()).isEqualTo(EnrollViewModel.NO_PASSPHRASE);
        assertThat(model.busyProperty().get()).isFalse();
    }
}
