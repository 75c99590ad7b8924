package dev.outpost.packaging;

import dev.outpost.testing.XvfbSession;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the Linux app image and checks the deb that {@code ./mvnw -Ppackage package} built: the wizard opens on the
 * Xvfb display (a screenshot goes to {@code target/screenshots/packaged-first-window.png}), the command-line
 * launcher prints its help, native libraries load from the install folder, and the runtime contains every JDK module
 * the app needs.
 */
class PackagedAppIT {

    private static final Path SCREENSHOT = Path.of("target", "screenshots", "packaged-first-window.png");
    /** Generous, because other builds may share the machine. The benchmark measures the real start time. */
    private static final Duration WINDOW_LIMIT = Duration.ofSeconds(60);

    private static PackagedApp app;

    @TempDir
    Path home;

    @BeforeAll
    static void packagedApp() {
        app = PackagedApp.built();
    }

    @Test
    void wizardOpensFromAppImage() throws Exception {
        assumeTrue(XvfbSession.displayAvailable(), "No X display on " + XvfbSession.display() + "; the packaged"
                + " wizard needs Xvfb.");
        Process wizard = PackagedApp.start(app.wizardLauncher(), home);
        try {
            PackagedApp.WindowArea area = PackagedApp.awaitWindow(XvfbSession.display(), wizard, WINDOW_LIMIT)
                    .orElseThrow(() -> new AssertionError("The packaged wizard showed no window within "
                            + WINDOW_LIMIT.toSeconds() + " s; its output is in " + home + "."));
            BufferedImage picture = capture(area);
            Files.createDirectories(SCREENSHOT.getParent());
            ImageIO.write(picture, "png", SCREENSHOT.toFile());

            assertThat(area.width()).isEqualTo(960);
            assertThat(area.height()).isEqualTo(680);
            assertThat(distinctColours(picture)).as("%s shows more than a blank area", SCREENSHOT)
                    .isGreaterThan(20);
        } finally {
            PackagedApp.stop(wizard);
        }
        assertThat(home.resolve("state/outpost/logs/outpost.log")).as("the log in the XDG state folder").exists();
        assertThat(home.resolve(".openjfx")).as("JavaFX loads its libraries from the runtime, unextracted")
                .doesNotExist();
        assertThat(Files.readString(home.resolve("stderr.txt"))).doesNotContain("Exception");
    }

    @Test
    void commandLineLauncherPrintsHelp() throws Exception {
        Process help = PackagedApp.start(app.commandLineLauncher(), home, "--help");
        assertThat(help.waitFor(60, TimeUnit.SECONDS)).as("outpost-cli --help finished").isTrue();

        String stdout = Files.readString(home.resolve("stdout.txt"));
        assertThat(help.exitValue()).as(Files.readString(home.resolve("stderr.txt"))).isZero();
        assertThat(stdout).contains("Usage: outpost");
        assertThat(stdout).contains("check").contains("install").contains("bundle");
    }

    @Test
    void commandLineLauncherPrintsVersion() throws Exception {
        Process version = PackagedApp.start(app.commandLineLauncher(), home, "--version");
        assertThat(version.waitFor(60, TimeUnit.SECONDS)).as("outpost-cli --version finished").isTrue();

        assertThat(version.exitValue()).isZero();
        assertThat(Files.readString(home.resolve("stdout.txt")).strip()).startsWith("outpost 0.").doesNotContain(
                "development build");
    }

    /**
     * Loads jSerialComm with the packaged runtime, jar and library folder, and the option the launchers pass.
     * jSerialComm extracts its library to {@code java.io.tmpdir} or {@code ~/.jSerialComm} when the folder does not
     * hold it, so both must stay empty.
     */
    @Test
    void serialLibraryLoadsFromAppFolder() throws Exception {
        Path jar = only(app.appFolder(), "jSerialComm-");
        Path tmp = Files.createDirectories(home.resolve("tmp"));
        String classPath = jar + java.io.File.pathSeparator + Path.of("target", "test-classes");
        Process probe = new ProcessBuilder(app.runtime().resolve("bin/java").toString(),
                "-DjSerialComm.library.path=" + app.appFolder().resolve("jSerialComm"),
                "-Djava.io.tmpdir=" + tmp, "-Duser.home=" + home,
                "-cp", classPath, SerialLibraryProbe.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output).contains("serial ports");
        assertThat(tmp.resolve("jSerialComm")).as("nothing extracted to the temporary folder").doesNotExist();
        assertThat(home.resolve(".jSerialComm")).as("nothing extracted to the home folder").doesNotExist();
    }

    /** Compares the runtime's modules with what jdeps finds in the shaded jar, which contains every library. */
    @Test
    void runtimeHasModulesJdepsFinds() throws Exception {
        Path jar = Path.of(System.getProperty("outpost.jar", "target/outpost.jar"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), "--multi-release",
                "17", "--ignore-missing-deps", "--print-module-deps", jar.toString());
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\\R");
        Set<String> needed = Arrays.stream(lines[lines.length - 1].split(","))
                .filter(module -> !module.startsWith("javafx.") && !module.equals("jdk.unsupported.desktop"))
                .collect(Collectors.toSet());

        assertThat(runtimeModules()).containsAll(needed);
    }

    @Test
    void debHasLaunchersAndLibraries() throws Exception {
        Path deb = app.debianPackage().orElseThrow(() -> new AssertionError("No .deb in target/installers."));

        String contents = run("dpkg-deb", "--contents", deb.toString());
        assertThat(contents).contains("./opt/outpost/bin/Outpost").contains("./opt/outpost/bin/outpost-cli");
        assertThat(contents).contains("./opt/outpost/lib/outpost-Outpost.desktop");
        assertThat(contents).contains("./opt/outpost/lib/app/jSerialComm/Linux/x86_64/libjSerialComm.so");
        assertThat(contents).contains("./opt/outpost/lib/runtime/lib/libglass.so");
        assertThat(run("dpkg-deb", "--field", deb.toString(), "Package").strip()).isEqualTo("outpost");
        assertThat(run("dpkg-deb", "--field", deb.toString(), "Version").strip()).matches("\\d+\\.\\d+\\.\\d+-1");
    }

    private static Set<String> runtimeModules() throws IOException {
        Properties release = new Properties();
        try (var reader = Files.newBufferedReader(app.runtime().resolve("release"))) {
            release.load(reader);
        }
        String modules = release.getProperty("MODULES").replace("\"", "");
        return new HashSet<>(List.of(modules.split(" ")));
    }

    private static Path only(Path folder, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("No " + prefix + "*.jar in " + folder));
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    /** Reads the screen area from the X display with the JavaFX robot of this test JVM. */
    private static BufferedImage capture(PackagedApp.WindowArea area) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(15, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        // Lets the wizard finish its first layout and rendering pulses after the window is mapped.
        Thread.sleep(1000);
        CompletableFuture<WritableImage> image = new CompletableFuture<>();
        Platform.runLater(() -> image.complete(new Robot().getScreenCapture(null, area.x(), area.y(), area.width(),
                area.height())));
        return SwingFXUtils.fromFXImage(image.get(15, TimeUnit.SECONDS), null);
    }

    private static int distinctColours(BufferedImage picture) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < picture.getHeight(); y += 4) {
            for (int x = 0; x < picture.getWidth(); x += 4) {
                colours.add(picture.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
