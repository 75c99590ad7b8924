package dev.outpost.bench;

import dev.outpost.packaging.PackagedApp;
import dev.outpost.testing.XvfbSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Prints the installer sizes and the time from starting the packaged wizard to its first window on the Xvfb
 * display, beside the same for {@code ./mvnw -o -q javafx:run} in the same run. The first run of each is the cold
 * start after the build, and the median covers every run. Asserts only that each window appeared. Run with
 * {@code ./mvnw -Pbench,package verify -Dit.test=PackagedStartBenchmark}.
 */
class PackagedStartBenchmark {

    private static final int PACKAGED_RUNS = 5;
    private static final int MAVEN_RUNS = 3;
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static final double MB = 1_000_000.0;

    /** Each run's data, state and output, kept for a look after the benchmark. */
    private static final Path RUNS = Path.of("target", "start-benchmark");

    @Test
    void firstWindowBesideJavafxRun() throws Exception {
        PackagedApp app = PackagedApp.built();
        assumeTrue(XvfbSession.displayAvailable(), "No X display on " + XvfbSession.display() + ".");

        List<Long> packaged = new ArrayList<>();
        List<Long> maven = new ArrayList<>();
        for (int run = 0; run < Math.max(PACKAGED_RUNS, MAVEN_RUNS); run++) {
            if (run < PACKAGED_RUNS) {
                packaged.add(firstWindowMillis(List.of(app.wizardLauncher().toString())));
            }
            if (run < MAVEN_RUNS) {
                maven.add(firstWindowMillis(List.of(Path.of("mvnw").toAbsolutePath().toString(), "-o", "-q",
                        "javafx:run")));
            }
        }

        System.out.println();
        System.out.println("Installer sizes (target: installer under 90 MB):");
        Path deb = app.debianPackage().orElseThrow();
        System.out.printf(Locale.ROOT, "  %-40s %8.1f MB%n", deb.getFileName(), Files.size(deb) / MB);
        System.out.printf(Locale.ROOT, "  %-40s %8.1f MB%n", "app image (unpacked)", folderSize(app.appImage()) / MB);
        System.out.println("First window after start, ms (target: under 2000):");
        print("packaged app image, bin/Outpost", packaged);
        print("./mvnw -o -q javafx:run (peer)", maven);
        System.out.printf(Locale.ROOT, "Ratio packaged / javafx:run, medians: %.2f%n",
                (double) median(packaged) / median(maven));
    }

    /** Starts the command with its own data and state folders and times it until the wizard's window is mapped. */
    private long firstWindowMillis(List<String> command) throws IOException, InterruptedException {
        Path folders = Files.createTempDirectory(Files.createDirectories(RUNS), "run");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folders.resolve("output.txt").toFile());
        builder.environment().put("DISPLAY", XvfbSession.display());
        builder.environment().put("XDG_DATA_HOME", folders.resolve("data").toString());
        builder.environment().put("XDG_STATE_HOME", folders.resolve("state").toString());
        long start = System.nanoTime();
        Process process = builder.start();
        try {
            boolean shown = PackagedApp.awaitWindow(XvfbSession.display(), process, LIMIT).isPresent();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(shown).as("%s showed its window; its output is in %s", command, folders).isTrue();
            return millis;
        } finally {
            // javafx:run starts the app in a JVM of its own, below Maven's.
            process.descendants().forEach(ProcessHandle::destroy);
            PackagedApp.stop(process);
            Thread.sleep(1000);
        }
    }

    private static void print(String label, List<Long> millis) {
        System.out.printf(Locale.ROOT, "  %-40s cold %6d, median %6d, runs %s%n", label, millis.get(0),
                median(millis), millis);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static long folderSize(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
