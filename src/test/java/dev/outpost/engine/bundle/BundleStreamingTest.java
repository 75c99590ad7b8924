package dev.outpost.engine.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verifies a bundle of about 330 MB, one artifact of 256 MB, in a separate JVM limited to a 32 MB heap: it can only
 * pass if no artifact is read into memory whole.
 */
class BundleStreamingTest {

    private static final int MIB = 1024 * 1024;
    private static final String HEAP = "-Xmx32m";

    @TempDir
    Path dir;

    @Test
    void largeBundleVerifiesInSmallHeap() throws Exception {
        Path source = BundleFixtures.sourceFolder(dir);
        fill(source.resolve("linkerd/stable-2.14.10/amd64/linkerd-images-amd64.tar"), 256);
        fill(source.resolve("workloads/2026.12/amd64/site-workloads-amd64.tar"), 72);
        Path bundle = dir.resolve("large.tar");
        new BundleWriter(BundleFixtures.CLOCK).create(source, bundle, "large", BundleFixtures.HEAD_OFFICE
                .getPrivate());
        Path trusted = dir.resolve("hq.pub");
        SigningKeys.writePublicKey(BundleFixtures.HEAD_OFFICE.getPublic(), trusted);

        Result result = runOutpost("bundle", "verify", bundle.toString(), "--trust", trusted.toString());

        assertThat(result.exitCode).as(result.stderr).isZero();
        assertThat(result.stdout).contains("Bundle large is intact");
        assertThat(Files.size(bundle)).isGreaterThan(328L * MIB);
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private Result runOutpost(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), HEAP, "-Doutpost.home=" + dir, "-cp", System.getProperty("java.class.path"),
                "dev.outpost.Main"));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        process.getOutputStream().close();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("outpost finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Writes pseudo-random bytes, one fresh 1 MiB chunk at a time. */
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
}
