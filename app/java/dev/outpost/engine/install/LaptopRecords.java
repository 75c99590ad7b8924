package dev.outpost.engine.install;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What the laptop keeps of each gateway's installs, one pair of files per gateway address and port in the journals
 * folder: the copy of the gateway's install journal, and the events of the latest install or join run as JSON
 * lines ({@link InstallEventJson}), which the diagnostics export turns into its timeline.
 */
public final class LaptopRecords {

    /** The maximum number of output lines kept of one run. A run with more keeps its first ones. */
    static final int MAX_OUTPUT_LINES = 2_000;

    private static final Logger log = LoggerFactory.getLogger(LaptopRecords.class);

    private LaptopRecords() {
    }

    /** Returns the path of the laptop's copy of the journal of the gateway at {@code host} and {@code port}. */
    public static Path journalCopy(Path folder, String host, int port) {
        return folder.resolve(baseName(host, port) + ".json");
    }

    /** Returns the path of the record of the latest run against the gateway at {@code host} and {@code port}. */
    public static Path runRecord(Path folder, String host, int port) {
        return folder.resolve(baseName(host, port) + ".run.jsonl");
    }

    private static String baseName(String host, int port) {
        return host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + port;
    }

    /**
     * Starts a new record, replacing the previous run's, and returns a listener that passes every event on to
     * {@code next} and then appends it, progress events excepted. Writing problems are logged and never stop the
     * run. Call {@link Recorder#close()} when the run ends.
     */
    static Recorder record(Path file, InstallListener next) {
        BufferedWriter writer = null;
        try {
            Files.createDirectories(file.getParent());
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            log.warn("The record of this install run {} could not be started: {}", file, e.getMessage());
        }
        return new Recorder(writer, file, next);
    }

    /** Passes events on and appends them to the run's record. Called on the run's thread. */
    static final class Recorder implements InstallListener, AutoCloseable {

        private final InstallEventJson json = new InstallEventJson();
        private final Path file;
        private final InstallListener next;
        private BufferedWriter writer;
        private int outputLines;

        private Recorder(BufferedWriter writer, Path file, InstallListener next) {
            this.writer = writer;
            this.file = file;
            this.next = next;
        }

        @Override
        public void onEvent(InstallEvent event) {
            next.onEvent(event);
            if (writer == null || event instanceof InstallEvent.StepProgress) {
                return;
            }
            if (event instanceof InstallEvent.StepOutput && ++outputLines > MAX_OUTPUT_LINES) {
                return;
            }
            try {
                writer.write(json.line(event));
                writer.newLine();
                writer.flush();
            } catch (IOException e) {
                log.warn("The record of this install run {} could not be written: {}", file, e.getMessage());
                close();
            }
        }

        @Override
        public void close() {
            if (writer == null) {
                return;
            }
            try {
                writer.close();
            } catch (IOException e) {
                log.warn("The record of this install run {} could not be closed: {}", file, e.getMessage());
            }
            writer = null;
        }
    }
}
