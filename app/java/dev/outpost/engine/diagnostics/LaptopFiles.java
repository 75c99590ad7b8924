package dev.outpost.engine.diagnostics;

import dev.outpost.engine.install.LaptopRecords;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads what the laptop keeps for the export: the log's last part, a gateway's journal copy and its run record. */
final class LaptopFiles {

    /** The maximum number of bytes of the log taken, from its end. */
    static final int LOG_LIMIT = 1024 * 1024;
    static final int RECORD_LIMIT = 2 * 1024 * 1024;
    static final String LOG_NAME = "outpost.log";

    /**
     * A file's text, cut to its last bytes.
     *
     * @param text      the text, starting at a line when it was cut
     * @param truncated whether the file was longer than the limit
     */
    record Tail(String text, boolean truncated) {
    }

    private LaptopFiles() {
    }

    /** Returns the last {@code limit} bytes of the file, from the first whole line, or empty when it is missing. */
    static Optional<Tail> tail(Path file, int limit) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = Math.max(0, length - limit);
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (from > 0) {
                int newline = text.indexOf('\n');
                text = newline >= 0 ? text.substring(newline + 1) : text;
            }
            return Optional.of(new Tail(text, from > 0));
        }
    }

    /** Finds the journal copy for the gateway, or, when no gateway is named, the most recently written one. */
    static Optional<Path> journalCopy(Path folder, String host, int port) throws IOException {
        return host != null ? existing(LaptopRecords.journalCopy(folder, host, port))
                : newest(folder, ".json");
    }

    /** Finds the run record for the gateway, or, when no gateway is named, the most recently written one. */
    static Optional<Path> runRecord(Path folder, String host, int port) throws IOException {
        return host != null ? existing(LaptopRecords.runRecord(folder, host, port))
                : newest(folder, ".run.jsonl");
    }

    private static Optional<Path> existing(Path file) {
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static Optional<Path> newest(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .max(Comparator.comparing(LaptopFiles::modified));
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
