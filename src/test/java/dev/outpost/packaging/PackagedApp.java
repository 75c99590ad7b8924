package dev.outpost.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Linux app image and deb that {@code ./mvnw -Ppackage package} writes to {@code target/installers}, and the
 * means to start them on the test's X display and find their window with {@code xwininfo}.
 */
public final class PackagedApp {

    /** The wizard window's title, which {@code xwininfo -name} looks for. */
    public static final String WINDOW_TITLE = "Outpost: set up a site gateway";
    static final String MISSING = "The packaged app is not in %s. Build it with ./mvnw -Ppackage verify (the"
            + " README lists the Debian packages it needs).";
    private static final Pattern GEOMETRY = Pattern.compile(
            "Absolute upper-left X:\\s+(\\d+).*Absolute upper-left Y:\\s+(\\d+).*Width:\\s+(\\d+).*Height:\\s+(\\d+)",
            Pattern.DOTALL);

    /** Where the window is on the screen, in pixels. */
    public record WindowArea(int x, int y, int width, int height) {
    }

    private final Path installers;

    private PackagedApp(Path installers) {
        this.installers = installers;
    }

    /**
     * Returns the packaged app of this build. Skips the calling test when it was not built, or fails it when the
     * environment variable {@code CI} is {@code true}, because CI builds it.
     */
    public static PackagedApp built() {
        Path installers = Path.of(System.getProperty("outpost.installers", "target/installers"));
        boolean present = Files.isExecutable(installers.resolve("Outpost/bin/Outpost"));
        String reason = MISSING.formatted(installers);
        if ("true".equals(System.getenv("CI")) && !present) {
            throw new IllegalStateException(reason);
        }
        assumeTrue(present, reason);
        return new PackagedApp(installers);
    }

    public Path appImage() {
        return installers.resolve("Outpost");
    }

    public Path wizardLauncher() {
        return appImage().resolve("bin/Outpost");
    }

    public Path commandLineLauncher() {
        return appImage().resolve("bin/outpost-cli");
    }

    /** The app folder that contains the jars, which jpackage calls {@code $APPDIR}. */
    public Path appFolder() {
        return appImage().resolve("lib/app");
    }

    public Path runtime() {
        return appImage().resolve("lib/runtime");
    }

    /** Returns the Debian package, or nothing when the build made none. */
    public Optional<Path> debianPackage() throws IOException {
        try (Stream<Path> files = Files.list(installers)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".deb")).findFirst();
        }
    }

    /**
     * Starts a launcher with the user's folders moved under {@code home}: the XDG data and state folders, and the
     * JVM's {@code user.home} and {@code java.io.tmpdir} through {@code JAVA_TOOL_OPTIONS}, so that a test finds
     * every file the app writes.
     */
    public static Process start(Path launcher, Path home, String... args) throws IOException {
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(home.resolve("stdout.txt").toFile())
                .redirectError(home.resolve("stderr.txt").toFile());
        Map<String, String> env = builder.environment();
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        // Discovery stays off, so that the wizard never searches this machine's own interfaces.
        env.put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home + " -Djava.io.tmpdir=" + tmp
                + " -Doutpost.discovery=off");
        return builder.start();
    }

    /**
     * Waits until the wizard's window is mapped on the display and returns where it is, or nothing when the limit
     * passed or the process ended first. Blocks, polling {@code xwininfo} every 20 ms.
     */
    public static Optional<WindowArea> awaitWindow(String display, Process app, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            Optional<WindowArea> area = mappedWindow(display);
            if (area.isPresent()) {
                return area;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    private static Optional<WindowArea> mappedWindow(String display) throws IOException, InterruptedException {
        Process xwininfo = new ProcessBuilder("xwininfo", "-display", display, "-name", WINDOW_TITLE)
                .redirectErrorStream(true).start();
        String output = new String(xwininfo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!xwininfo.waitFor(10, TimeUnit.SECONDS) || xwininfo.exitValue() != 0
                || !output.contains("Map State: IsViewable")) {
            return Optional.empty();
        }
        Matcher matcher = GEOMETRY.matcher(output);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(new WindowArea(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3)), Integer.parseInt(matcher.group(4))));
    }

    /** Ends the process and waits for it, forcibly after five seconds. */
    public static void stop(Process app) throws InterruptedException {
        app.destroy();
        if (!app.waitFor(5, TimeUnit.SECONDS)) {
            app.destroyForcibly();
            app.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
