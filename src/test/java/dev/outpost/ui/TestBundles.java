package dev.outpost.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleProgress;
import dev.outpost.engine.bundle.BundleProgressListener;
import dev.outpost.engine.bundle.BundleVerification;
import dev.outpost.engine.bundle.BundleWriter;
import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.ui.common.BundleChecks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Builds real, signed test bundles with the engine's {@link BundleWriter} from the stand-in files that
 * {@code installer-bundles/test-stand-in.json} names, and a trusted-key store that trusts their signer.
 */
public final class TestBundles {

    public static final String NAME = "site-2026-12";
    public static final Instant CREATED = Instant.parse("2026-12-04T09:00:00Z");
    public static final KeyPair HEAD_OFFICE = SigningKeys.generate();
    private static final Path RECIPE = Path.of("installer-bundles", "test-stand-in.json");
    private static final Path STAND_INS = Path.of("src", "test", "resources", "dev", "outpost", "engine", "bundle",
            "stand-ins");

    private TestBundles() {
    }

    /** Builds the test bundle in the form the file name's ending selects, signed by {@link #HEAD_OFFICE}. */
    public static Path build(Path dir, String fileName) throws Exception {
        return build(dir, fileName, HEAD_OFFICE);
    }

    /** Builds the test bundle signed by the given key. */
    public static Path build(Path dir, String fileName, KeyPair signer) throws Exception {
        Path source = Files.createTempDirectory(Files.createDirectories(dir), "source");
        JsonNode recipe = new ObjectMapper().readTree(RECIPE.toFile());
        for (JsonNode artifact : recipe.get("artifacts")) {
            String from = artifact.get("from").asText();
            Path target = source.resolve(artifact.get("path").asText());
            Files.createDirectories(target.getParent());
            Files.copy(STAND_INS.resolve(from.substring("stand-in:".length())), target);
        }
        Path out = dir.resolve(fileName);
        new BundleWriter(Clock.fixed(CREATED, ZoneOffset.UTC)).create(source, out, NAME, signer.getPrivate());
        return out;
    }

    /** Writes head office's public key as a {@code .pub} file and returns the file. */
    public static Path publicKeyFile(Path dir, String name) throws IOException {
        Path file = Files.createDirectories(dir).resolve(name);
        SigningKeys.writePublicKey(HEAD_OFFICE.getPublic(), file);
        return file;
    }

    /** Returns the trusted keys under the data folder, as the wizard keeps them, trusting {@link #HEAD_OFFICE}. */
    public static TrustedKeys trustingHeadOffice(Path dataFolder) throws Exception {
        TrustedKeys keys = untrusted(dataFolder);
        keys.add(publicKeyFile(dataFolder.resolve("downloads"), "head-office.pub"));
        return keys;
    }

    /** Returns the trusted keys under the data folder, as the wizard keeps them. */
    public static TrustedKeys untrusted(Path dataFolder) {
        return new TrustedKeys(dataFolder.resolve(TrustedKeys.FOLDER_NAME), List.of());
    }

    /**
     * Wraps the real bundle checks: it can hold a verification until released, and send extra progress reports
     * before the real verification starts, as a large bundle would.
     */
    public static final class HeldBundleChecks implements BundleChecks {

        private final BundleChecks real;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile int extraReports;
        private volatile CountDownLatch started = new CountDownLatch(1);

        public HeldBundleChecks(BundleChecks real) {
            this.real = real;
        }

        /** Makes the next verifications wait, after a first progress report, until {@link #release}. */
        public HeldBundleChecks hold() {
            gate = new CountDownLatch(1);
            started = new CountDownLatch(1);
            return this;
        }

        public void release() {
            gate.countDown();
        }

        /** Sends this many progress reports, counting up to 40 %, before verifying. */
        public HeldBundleChecks extraReports(int count) {
            extraReports = count;
            return this;
        }

        /** Waits until a verification has started and sent its first report. */
        public void awaitStarted() throws InterruptedException {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("No bundle verification started within 10 s.");
            }
        }

        @Override
        public BundleVerification verify(Path bundle, BundleProgressListener listener)
                throws BundleException, IOException {
            long total = 1_000_000_000L;
            int reports = Math.max(1, extraReports);
            for (int i = 1; i <= reports; i++) {
                listener.onProgress(new BundleProgress("k3s/v1.29.1+k3s1/amd64/k3s", total * 4 / 10 * i / reports,
                        total));
            }
            started.countDown();
            try {
                while (!gate.await(20, TimeUnit.MILLISECONDS)) {
                    listener.onProgress(new BundleProgress("k3s/v1.29.1+k3s1/amd64/k3s", total * 4 / 10, total));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while held.", e);
            }
            return real.verify(bundle, listener);
        }
    }
}
