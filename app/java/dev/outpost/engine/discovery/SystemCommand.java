package dev.outpost.engine.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one of the operating system's network commands with a time limit and returns what it printed. */
final class SystemCommand {

    static final Duration DEFAULT_LIMIT = Duration.ofSeconds(5);

    private SystemCommand() {
    }

    /** Runs the command and returns its standard output; a command still running after the limit is ended. */
    static String output(List<String> command) throws IOException {
        return output(command, DEFAULT_LIMIT);
    }

    static String output(List<String> command, Duration limit) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // The output is read on another thread, so the wait below is not blocked by a command whose output fills the
        // pipe buffer.
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            return new String(output.get(limit.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for " + command.get(0) + ".", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("The output of " + command.get(0) + " could not be read.", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Finds a program on the {@code PATH}, or empty when there is none. */
    static Optional<Path> find(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(java.io.File.pathSeparator)) {
            for (String name : List.of(program, program + ".exe")) {
                Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
