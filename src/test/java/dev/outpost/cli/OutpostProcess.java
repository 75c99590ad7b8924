package dev.outpost.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the packaged {@code target/outpost.jar} as its own process, the way a technician runs it. */
final class OutpostProcess {

    /** What one run printed and how it exited. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private final Path home;

    OutpostProcess(Path home) {
        this.home = home;
    }

    Result run(String stdin, String... args) throws IOException, InterruptedException {
        return run(stdin, null, args);
    }

    /** Runs outpost and sends it SIGINT, as Ctrl-C does, after the given delay. */
    Result interrupt(java.time.Duration after, String... args) throws IOException, InterruptedException {
        return run("", after, () -> true, args);
    }

    /**
     * Runs the command and sends it SIGINT once {@code ready} holds, checked every 20 ms for up to a minute, as a
     * person pressing Ctrl-C at a chosen moment would.
     */
    Result interruptWhen(java.util.function.BooleanSupplier ready, String... args)
            throws IOException, InterruptedException {
        return run("", java.time.Duration.ZERO, ready, args);
    }

    private Result run(String stdin, java.time.Duration interruptAfter, String... args)
            throws IOException, InterruptedException {
        return run(stdin, interruptAfter, () -> true, args);
    }

    private Result run(String stdin, java.time.Duration interruptAfter, java.util.function.BooleanSupplier ready,
            String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("outpost.jar", "target/outpost.jar"));
        assertThat(jar).as("run 'mvn package' first").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Doutpost.home=" + home, "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(home, "stdout", ".txt");
        Path err = Files.createTempFile(home, "stderr", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (interruptAfter != null) {
            Thread.sleep(interruptAfter.toMillis());
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!ready.getAsBoolean() && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor()).as("kill -INT " + process.pid()).isZero();
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("outpost finished").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
