package dev.outpost.ui;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.robot.Robot;
import javafx.stage.Window;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Saves what a window shows on the X display as a PNG, for a person to look at. */
final class ScreenCapture {

    private static final long WAIT_SECONDS = 15;
    /** Lets layout, CSS and a few rendering pulses finish before a capture. */
    private static final long SETTLE_MILLIS = 400;

    private ScreenCapture() {
    }

    /** Starts the JavaFX toolkit on the X display, or keeps the one an earlier test class in this JVM started. */
    static void startToolkit() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        started.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
    }

    /**
     * Saves the window as the screen shows it. The Glass robot reads the X display; when it returns nothing, the
     * scene's own snapshot is used instead.
     */
    static void save(Window window, Path file) throws Exception {
        Thread.sleep(SETTLE_MILLIS);
        WritableImage image = onFx(() -> {
            Scene scene = window.getScene();
            Rectangle2D area = new Rectangle2D(window.getX() + scene.getX(), window.getY() + scene.getY(),
                    scene.getWidth(), scene.getHeight());
            WritableImage captured = new Robot().getScreenCapture(null, area);
            return captured != null ? captured : scene.snapshot(null);
        });
        BufferedImage picture = SwingFXUtils.fromFXImage(image, null);
        Files.createDirectories(file.getParent());
        ImageIO.write(picture, "png", file.toFile());
        assertThat(distinctColours(picture)).as("%s shows more than a blank area", file).isGreaterThan(20);
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

    /** Runs the call on the FX thread and waits for its result. */
    static <T> T onFx(Callable<T> call) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
