package dev.outpost.testing;

import javafx.application.Platform;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts a virtual X display for the integration tests that show real windows, and stops it when the test run
 * ends. It is registered in {@code META-INF/services} as a JUnit Platform launcher session listener, and does
 * nothing unless the system property {@code outpost.test.xvfb} is {@code true}; the failsafe configuration in
 * {@code pom.xml} sets it, together with {@code DISPLAY} and {@code outpost.test.display}.
 *
 * <p>When Xvfb is not installed, the run fails with a clear message on CI ({@code CI=true}); elsewhere it logs a
 * warning, and the tests that need a display skip themselves through {@link #displayAvailable()}.
 */
public final class XvfbSession implements LauncherSessionListener {

    static final String ENABLED_PROPERTY = "outpost.test.xvfb";
    static final String DISPLAY_PROPERTY = "outpost.test.display";
    static final String DEFAULT_DISPLAY = ":97";
    static final String MISSING = "Xvfb is not installed, so the tests that show real windows cannot run. Install"
            + " the Debian package xvfb (apt-get install xvfb) and run the tests again.";

    private static final Logger log = LoggerFactory.getLogger(XvfbSession.class);
    private static final Duration START_LIMIT = Duration.ofSeconds(15);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);
    private static final String SCREEN = "1280x900x24";
    private static final String FX_THREAD_NAME = "JavaFX Application Thread";

    private Process xvfb;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean(ENABLED_PROPERTY) || xvfb != null) {
            return;
        }
        String display = display();
        if (displayAvailable()) {
            log.info("An X server already answers on display {}; the tests use it.", display);
            return;
        }
        Optional<Path> program = findOnPath("Xvfb");
        if (program.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(MISSING);
            }
            log.warn("{} Until then the tests that need a display are skipped.", MISSING);
            return;
        }
        xvfb = start(program.get(), display);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (xvfb == null) {
            return;
        }
        stopJavaFx();
        xvfb.destroy();
        try {
            if (!xvfb.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("Xvfb did not stop within {} s; killing it.", STOP_LIMIT.toSeconds());
                xvfb.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            xvfb.destroyForcibly();
        }
        log.info("Stopped Xvfb on display {}.", display());
        xvfb = null;
    }

    /**
     * Stops the JavaFX toolkit if a test started it. GTK ends the whole JVM with exit code 1 when its X server
     * disappears, so the toolkit must let go of the display before Xvfb stops. The toolkit cannot start again in
     * this JVM afterwards, which is fine because the test run is over.
     */
    private static void stopJavaFx() {
        Optional<Thread> fxThread = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(FX_THREAD_NAME))
                .findFirst();
        if (fxThread.isEmpty()) {
            return;
        }
        Platform.exit();
        try {
            fxThread.get().join(STOP_LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (fxThread.get().isAlive()) {
            log.warn("The JavaFX toolkit did not stop within {} s; stopping Xvfb may end the test JVM.",
                    STOP_LIMIT.toSeconds());
        }
    }

    /** Returns whether an X server accepts connections on the test display's socket. */
    public static boolean displayAvailable() {
        Path socket = socket(display());
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** Returns the display the tests use, such as {@code :97}. */
    public static String display() {
        return System.getProperty(DISPLAY_PROPERTY, DEFAULT_DISPLAY);
    }

    /** Returns the local socket of an X display: {@code :97} and {@code :97.0} listen on {@code X97}. */
    static Path socket(String display) {
        String number = display.substring(display.indexOf(':') + 1);
        int screen = number.indexOf('.');
        return Path.of("/tmp/.X11-unix", "X" + (screen < 0 ? number : number.substring(0, screen)));
    }

    private static Process start(Path program, String display) {
        Path logFile = Path.of(System.getProperty("java.io.tmpdir"), "outpost-xvfb" + display.replace(':', '-')
                + ".log");
        List<String> command = List.of(program.toString(), display, "-screen", "0", SCREEN, "-nolisten", "tcp");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Xvfb could not be started (" + e.getMessage() + "). Check that "
                    + program + " can run.", e);
        }
        awaitSocket(process, display, logFile);
        log.info("Started Xvfb on display {} with a {} screen.", display, SCREEN);
        return process;
    }

    private static void awaitSocket(Process process, String display, Path logFile) {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (!displayAvailable()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Xvfb stopped at start with exit code " + process.exitValue()
                        + "; its output is in " + logFile + ". Another X server may use display " + display
                        + ": set outpost.test.display to a free one.");
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("Xvfb did not open display " + display + " within "
                        + START_LIMIT.toSeconds() + " s; its output is in " + logFile + ".");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("Interrupted while waiting for Xvfb to start.", e);
            }
        }
    }

    private static Optional<Path> findOnPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
