package dev.outpost.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.engine.bundle.BundleManifest;
import dev.outpost.engine.bundle.BundleWriter;
import dev.outpost.engine.bundle.SigningKeys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures {@code outpost bundle verify} on a 2 GiB bundle of random stand-in files, run as a technician runs it
 * ({@code java -Xmx256m -jar target/outpost.jar}), beside coreutils' {@code sha256sum} over the same artifact files
 * in the same run. Prints medians, throughputs and ratios; asserts only that every run succeeded. Run with
 * {@code ./mvnw -Pbench verify -Dit.test=BundleVerifyBenchmark}.
 */
class BundleVerifyBenchmark {

    private static final int MIB = 1024 * 1024;
    private static final int RUNS = 3;
    private static final Path WORK = Path.of("target", "bundle-benchmark");
    private static final Path RECIPE = Path.of("installer-bundles", "test-stand-in.json");
    private static final Path STAND_INS = Path.of("src/test/resources/dev/outpost/engine/bundle/stand-ins");
    /** Stand-ins replaced by random files, with their sizes in MiB: 2048 MiB together. */
    private static final List<Object[]> LARGE = List.of(
            new Object[] {"linkerd/stable-2.14.10/amd64/linkerd-images-amd64.tar", 800},
            new Object[] {"linkerd/stable-2.14.10/arm64/linkerd-images-arm64.tar", 600},
            new Object[] {"workloads/2026.12/amd64/site-workloads-amd64.tar", 648});

    @Test
    void verifyBesideSha256sum() throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        Path source = sourceFolder();
        KeyPair key = SigningKeys.generate();
        Path trusted = WORK.resolve("head-office.pub");
        SigningKeys.writePublicKey(key.getPublic(), trusted);
        BundleWriter writer = new BundleWriter(Clock.systemUTC());
        BundleManifest manifest = writer.create(source, WORK.resolve("bundle"), "benchmark", key.getPrivate());
        writer.create(source, WORK.resolve("bundle.tar"), "benchmark", key.getPrivate());
        writer.create(source, WORK.resolve("bundle.tar.zst"), "benchmark", key.getPrivate());
        deleteRecursively(source);
        long bytes = manifest.totalSize();
        List<String> files = manifest.artifacts().stream()
                .map(a -> WORK.resolve("bundle").resolve(a.path()).toString()).toList();

        sha256sum(files);
        List<Long> folder = new ArrayList<>();
        List<Long> tar = new ArrayList<>();
        List<Long> zstd = new ArrayList<>();
        List<Long> peer = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            folder.add(outpostVerify(WORK.resolve("bundle"), trusted));
            tar.add(outpostVerify(WORK.resolve("bundle.tar"), trusted));
            zstd.add(outpostVerify(WORK.resolve("bundle.tar.zst"), trusted));
            peer.add(sha256sum(files));
        }

        print(bytes, median(folder), median(tar), median(zstd), median(peer));
        deleteRecursively(WORK);
    }

    private static void print(long bytes, long folder, long tar, long zstd, long peer) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Bundle verify, %d MiB of artifacts, median of %d runs, heap -Xmx256m%n",
                bytes / MIB, RUNS);
        System.out.printf(Locale.ROOT, "%-44s %8s %10s %8s%n", "", "wall ms", "MiB/s", "ratio");
        row("outpost bundle verify (folder)", bytes, folder, peer);
        row("outpost bundle verify (.tar)", bytes, tar, peer);
        row("outpost bundle verify (.tar.zst)", bytes, zstd, peer);
        row("sha256sum over the same files (peer)", bytes, peer, peer);
        System.out.println("ratio = outpost throughput / sha256sum throughput; target at least 0.80");
    }

    private static void row(String name, long bytes, long millis, long peerMillis) {
        System.out.printf(Locale.ROOT, "%-44s %8d %10.0f %8.2f%n", name, millis, bytes / (double) MIB / (millis
                / 1000.0), peerMillis / (double) millis);
    }

    private static long outpostVerify(Path bundle, Path trusted) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("outpost.jar", "target/outpost.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return timed(List.of(java, "-Xmx256m", "-Doutpost.home=" + WORK.toAbsolutePath(), "-jar", jar.toString(),
                "bundle", "verify", bundle.toString(), "--trust", trusted.toString()));
    }

    private static long sha256sum(List<String> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sha256sum"));
        command.addAll(files);
        return timed(command);
    }

    private static long timed(List<String> command) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("%s finished", command.get(0)).isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(process.exitValue()).as("%s exit status", command).isZero();
        return millis;
    }

    private static Path sourceFolder() throws IOException {
        Path source = WORK.resolve("source");
        for (JsonNode artifact : new ObjectMapper().readTree(RECIPE.toFile()).get("artifacts")) {
            Path target = source.resolve(artifact.get("path").asText());
            Files.createDirectories(target.getParent());
            Files.copy(STAND_INS.resolve(artifact.get("from").asText().substring("stand-in:".length())), target);
        }
        for (Object[] large : LARGE) {
            fill(source.resolve((String) large[0]), (Integer) large[1]);
        }
        return source;
    }

    private static void fill(Path file, int mebibytes) throws IOException {
        SplittableRandom random = new SplittableRandom(mebibytes);
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mebibytes; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
