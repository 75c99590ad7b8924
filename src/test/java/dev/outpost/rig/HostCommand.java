package dev.outpost.rig;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs host programs with a time limit, standard input from /dev/null, and both output streams captured. */
final class HostCommand {

    private static final Logger LOG = LoggerFactory.getLogger(HostCommand.class);
    private static final File DEV_NULL = new File("/dev/null");
    private static final ExecutorService READERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "outpost-rig-output-reader");
        thread.setDaemon(true);
        return thread;
    });

    private HostCommand() {
    }

    static ExecResult run(Duration timeout, String... argv) {
        return run(timeout, List.of(argv), Map.of());
    }

    /** Runs a program and returns its result, whatever its exit status; fails if it outlives the time limit. */
    static ExecResult run(Duration timeout, List<String> argv, Map<String, String> environment) {
        String commandLine = String.join(" ", argv);
        LOG.debug("The rig runs `{}`.", commandLine);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(DEV_NULL);
        builder.environment().putAll(environment);
        Process process = start(builder, commandLine);
        Future<String> stdout = READERS.submit(() -> read(process.getInputStream()));
        Future<String> stderr = READERS.submit(() -> read(process.getErrorStream()));
        awaitExit(process, timeout, commandLine);
        return new ExecResult(commandLine, process.exitValue(), collect(stdout, commandLine),
                collect(stderr, commandLine));
    }

    /** Runs a program and fails unless it exits with status 0; returns its standard output. */
    static String require(Duration timeout, String... argv) {
        return run(timeout, argv).requireSuccess().stdout();
    }

    /** Runs a program with both output streams appended to a log file, and returns its exit status. */
    static int runLogged(Duration timeout, List<String> argv, Path log) {
        String commandLine = String.join(" ", argv);
        LOG.debug("The rig runs `{}` with its output in {}.", commandLine, log);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(DEV_NULL).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = start(builder, commandLine);
        awaitExit(process, timeout, commandLine);
        return process.exitValue();
    }

    static Process start(ProcessBuilder builder, String commandLine) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new GatewayRigException("The rig could not start `" + commandLine + "`.", e);
        }
    }

    private static void awaitExit(Process process, Duration timeout, String commandLine) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                killTree(process.toHandle());
                throw new GatewayRigException("The command `" + commandLine + "` did not finish within "
                        + timeout.toSeconds() + " s, so the rig killed it.");
            }
        } catch (InterruptedException e) {
            killTree(process.toHandle());
            Thread.currentThread().interrupt();
            throw new GatewayRigException("The rig was interrupted while it waited for `" + commandLine + "`.", e);
        }
    }

    /** Kills a process that the rig started, and every process that it started in turn. */
    static void killTree(ProcessHandle handle) {
        handle.descendants().forEach(ProcessHandle::destroyForcibly);
        handle.destroyForcibly();
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String collect(Future<String> output, String commandLine) {
        try {
            return output.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayRigException("The rig was interrupted while it read the output of `" + commandLine
                    + "`.", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new GatewayRigException("The rig could not read the output of `" + commandLine + "`.", e);
        }
    }
}
