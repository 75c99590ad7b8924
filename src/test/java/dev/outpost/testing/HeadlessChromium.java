package dev.outpost.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium (package {@code chromium}), run headless on a local file only, with its background networking
 * and updates off, so that it makes no connection of its own. Each run gets a new empty profile.
 */
public final class HeadlessChromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private HeadlessChromium() {
    }

    /** Skips the test when Chromium is missing, unless {@code CI=true}, where a missing browser is a failure. */
    public static void assumeInstalled() {
        boolean present = Files.isExecutable(BINARY);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("Chromium is missing at " + BINARY + ". Install Debian's chromium"
                    + " package, as .ci/run does.");
        }
        Assumptions.assumeTrue(present, "Chromium is not installed at " + BINARY + "; apt-get install chromium.");
    }

    /**
     * Renders a local HTML file to a PNG screenshot of the given size. Blocks until Chromium exits.
     *
     * @throws IOException when Chromium fails or writes no picture; the message has its output
     */
    public static Path screenshot(Path html, Path png, int width, int height) throws IOException,
            InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        Path profile = Files.createTempDirectory("outpost-chromium-");
        Path log = Files.createTempFile("outpost-chromium-", ".log");
        try {
            Process process = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                    "--hide-scrollbars", "--window-size=" + width + "," + height,
                    "--screenshot=" + png.toAbsolutePath(), html.toAbsolutePath().toUri().toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("Chromium did not finish within " + TIMEOUT.toSeconds() + " s: "
                        + Files.readString(log));
            }
            if (!Files.isRegularFile(png) || Files.size(png) == 0) {
                throw new IOException("Chromium exited with " + process.exitValue() + " and wrote no screenshot: "
                        + Files.readString(log));
            }
            return png;
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(log);
        }
    }
}
