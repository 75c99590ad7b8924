package dev.outpost.engine.gateway;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One authenticated SSH session to a gateway. Each command runs on its own exec channel, which costs one round
 * trip to open plus the command's own time; {@link #commandsRun()} counts them for the benchmarks.
 *
 * <p>Commands block the calling thread. {@link #close()} may be called from another thread to cancel a running
 * command: it closes the connection, and the blocked call fails with {@link GatewayFailure#CONNECTION_LOST}.
 */
public final class GatewaySession implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);
    private static final long POLL_MILLIS = 5;
    private static final int LOGGED_COMMAND_LENGTH = 120;

    private final Session session;
    private final ConnectionSettings settings;
    private final HostKeyInfo hostKey;
    private final AtomicInteger commandsRun = new AtomicInteger();
    private volatile boolean closedByCaller;

    GatewaySession(Session session, ConnectionSettings settings, HostKeyInfo hostKey) {
        this.session = session;
        this.settings = settings;
        this.hostKey = hostKey;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** Returns the host key the gateway presented when this session opened. */
    public HostKeyInfo hostKey() {
        return hostKey;
    }

    public int commandsRun() {
        return commandsRun.get();
    }

    /** Runs a command as the login user with the session's command time-out. Blocks. */
    public CommandResult run(String command) throws GatewayException {
        return run(command, new byte[0], settings.commandTimeout());
    }

    /**
     * Runs a command as the login user. Blocks until the command exits or the time-out passes.
     *
     * @param command the command line, run by the login user's shell
     * @param stdin   bytes written to the command's standard input, then end-of-file; never logged
     * @param timeout the longest the command may run
     */
    public CommandResult run(String command, byte[] stdin, Duration timeout) throws GatewayException {
        return run(command, stdin, timeout, "the command '" + abbreviate(command) + "'");
    }

    /**
     * Runs a command as the login user, naming it in plain words for a time-out message. Blocks until the command
     * exits or the time-out passes.
     *
     * @param purpose what the command does, such as "gathering the gateway's facts"
     */
    public CommandResult run(String command, byte[] stdin, Duration timeout, String purpose)
            throws GatewayException {
        RawOutput output = runRaw(command, stdin, timeout, purpose);
        return new CommandResult(output.exitCode(), new String(output.stdout(), StandardCharsets.UTF_8),
                output.stderr(), output.duration());
    }

    /** A command's exit status and undecoded standard output, for binary data such as bytes from a serial port. */
    public record RawOutput(int exitCode, byte[] stdout, String stderr, Duration duration) {
    }

    /**
     * Runs a command as the login user and returns its standard output as bytes. Blocks until the command exits
     * or the time-out passes.
     *
     * @param purpose what the command does in plain words, for a time-out message
     */
    public RawOutput runRaw(String command, byte[] stdin, Duration timeout, String purpose)
            throws GatewayException {
        String shown = abbreviate(command);
        if (!session.isConnected()) {
            throw new GatewayException(GatewayFailure.CONNECTION_LOST,
                    GatewayFailure.CONNECTION_LOST.describe(settings.host()));
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        long started = System.nanoTime();
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command);
            channel.setInputStream(new ByteArrayInputStream(stdin));
            channel.setOutputStream(stdout, true);
            channel.setErrStream(stderr, true);
            commandsRun.incrementAndGet();
            log.debug("Running on the gateway: {}", shown);
            channel.connect(Math.toIntExact(settings.connectTimeout().toMillis()));
            awaitClose(channel, timeout, shown, purpose);
        } catch (JSchException e) {
            throw new GatewayException(GatewayFailure.CONNECTION_LOST,
                    GatewayFailure.CONNECTION_LOST.describe(settings.host()), e);
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        int exit = channel.getExitStatus();
        log.debug("The gateway command exited with {} after {} ms: {}", exit, took.toMillis(), shown);
        return new RawOutput(exit, stdout.toByteArray(), stderr.toString(StandardCharsets.UTF_8), took);
    }

    private void awaitClose(ChannelExec channel, Duration timeout, String shown, String purpose)
            throws GatewayException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!channel.isClosed()) {
            if (!session.isConnected()) {
                throw new GatewayException(GatewayFailure.CONNECTION_LOST,
                        GatewayFailure.CONNECTION_LOST.describe(settings.host()));
            }
            if (System.nanoTime() > deadline) {
                log.warn("The gateway command did not finish within {} s and was stopped: {}",
                        timeout.toSeconds(), shown);
                throw new GatewayException(GatewayFailure.COMMAND_TIMED_OUT,
                        GatewayFailure.COMMAND_TIMED_OUT.describe(purpose, timeout.toSeconds()));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayException(GatewayFailure.CONNECTION_LOST, "The gateway command was cancelled.");
            }
        }
    }

    /**
     * Runs a command as root: directly when the login user is root, otherwise through {@code sudo -S}, which reads
     * the password from the first line of standard input. The password never appears on a command line or in the
     * log. Blocks.
     */
    public CommandResult runAsRoot(String command, byte[] stdin, Duration timeout) throws GatewayException {
        if (settings.isRoot()) {
            return run(command, stdin, timeout);
        }
        var sudoPassword = settings.credentials().sudoPassword();
        if (sudoPassword.isEmpty()) {
            return run(rootCommandLine(command, false), stdin, timeout);
        }
        byte[] password = Credentials.utf8(sudoPassword.get());
        byte[] input = new byte[password.length + 1 + stdin.length];
        System.arraycopy(password, 0, input, 0, password.length);
        input[password.length] = '\n';
        System.arraycopy(stdin, 0, input, password.length + 1, stdin.length);
        java.util.Arrays.fill(password, (byte) 0);
        try {
            return run(rootCommandLine(command, true), input, timeout);
        } finally {
            java.util.Arrays.fill(input, (byte) 0);
        }
    }

    /**
     * Wraps a command for a login user who becomes root through sudo: with {@code -S}, sudo reads the password from
     * the first line of standard input; without it, {@code -n} makes sudo fail at once instead of asking.
     */
    private static String rootCommandLine(String command, boolean passwordOnStdin) {
        String sudo = passwordOnStdin ? "sudo -S -p '' -- sh -c " : "sudo -n -- sh -c ";
        return sudo + ShellQuoting.quote(command);
    }

    /** Writes a command's standard input as a stream, for data too large to hold in memory. */
    @FunctionalInterface
    public interface StdinWriter {
        /** Writes the input; the stream is closed afterwards, which the command reads as end-of-file. */
        void writeTo(OutputStream stdin) throws IOException;
    }

    /**
     * Runs a command as root (see {@link #runAsRoot(String, byte[], Duration)}) with standard input written by
     * {@code input} while the command runs. When the command exits before reading all its input, as {@code cat}
     * does on a full disk, the writer's failure is ignored and the command's exit status and error output are
     * returned. Blocks.
     *
     * @param timeout the longest the command may run after its input ends
     * @param purpose what the command does in plain words, for a time-out message
     * @throws GatewayException {@link GatewayFailure#CONNECTION_LOST} when the connection fails or is closed
     *                          from another thread while writing
     */
    public CommandResult runAsRoot(String command, StdinWriter input, Duration timeout, String purpose)
            throws GatewayException {
        if (!session.isConnected()) {
            throw new GatewayException(GatewayFailure.CONNECTION_LOST,
                    GatewayFailure.CONNECTION_LOST.describe(settings.host()));
        }
        var sudoPassword = settings.isRoot() ? java.util.Optional.<char[]>empty()
                : settings.credentials().sudoPassword();
        String line = settings.isRoot() ? command : rootCommandLine(command, sudoPassword.isPresent());
        String shown = abbreviate(command);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        long started = System.nanoTime();
        ChannelExec channel = null;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(line);
            channel.setOutputStream(stdout, true);
            channel.setErrStream(stderr, true);
            OutputStream toCommand = channel.getOutputStream();
            commandsRun.incrementAndGet();
            log.debug("Running on the gateway with streamed input: {}", shown);
            channel.connect(Math.toIntExact(settings.connectTimeout().toMillis()));
            writeInput(channel, toCommand, sudoPassword.orElse(null), input);
            awaitClose(channel, timeout, shown, purpose);
        } catch (JSchException | IOException e) {
            throw new GatewayException(GatewayFailure.CONNECTION_LOST,
                    GatewayFailure.CONNECTION_LOST.describe(settings.host()), e);
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
        int exit = channel.getExitStatus();
        log.debug("The gateway command exited with {} after {} ms: {}", exit,
                Duration.ofNanos(System.nanoTime() - started).toMillis(), shown);
        return new CommandResult(exit, stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - started));
    }

    private void writeInput(ChannelExec channel, OutputStream toCommand, char[] sudoPassword, StdinWriter input)
            throws IOException {
        try (toCommand) {
            if (sudoPassword != null) {
                byte[] password = Credentials.utf8(sudoPassword);
                try {
                    toCommand.write(password);
                    toCommand.write('\n');
                } finally {
                    java.util.Arrays.fill(password, (byte) 0);
                }
            }
            input.writeTo(toCommand);
        } catch (IOException e) {
            if (!session.isConnected() || !channel.isClosed() && !channel.isEOF()) {
                throw e;
            }
            log.debug("The gateway command stopped reading its input: {}", e.getMessage());
        }
    }

    /**
     * Forwards a local port on this laptop's loopback address to a port on the gateway's own loopback address,
     * through this connection. Closing the forward or the session ends it.
     *
     * @param remotePort the port on the gateway's 127.0.0.1, such as 6443 for the K3s API
     */
    public PortForward forwardToGateway(int remotePort) throws GatewayException {
        return forwardFromGateway("127.0.0.1", remotePort);
    }

    /**
     * Forwards a free port on the laptop's loopback address to an address the gateway reaches, such as a pod's
     * address on the gateway's cluster network. The gateway's SSH server makes the connection.
     */
    public PortForward forwardFromGateway(String remoteHost, int remotePort) throws GatewayException {
        try {
            int localPort = session.setPortForwardingL("127.0.0.1", 0, remoteHost, remotePort);
            log.debug("Forwarding 127.0.0.1:{} on this laptop to {}:{} through the gateway.", localPort, remoteHost,
                    remotePort);
            return new PortForward(localPort, () -> {
                try {
                    session.delPortForwardingL("127.0.0.1", localPort);
                } catch (JSchException e) {
                    log.debug("The port forward from 127.0.0.1:{} was already gone.", localPort);
                }
            });
        } catch (JSchException e) {
            throw new GatewayException(GatewayFailure.CONNECTION_LOST,
                    GatewayFailure.CONNECTION_LOST.describe(settings.host()), e);
        }
    }

    private static String abbreviate(String command) {
        String firstLine = command.strip().lines().findFirst().orElse("");
        if (firstLine.length() > LOGGED_COMMAND_LENGTH) {
            return firstLine.substring(0, LOGGED_COMMAND_LENGTH) + "…";
        }
        return command.contains("\n") ? firstLine + " …" : firstLine;
    }

    /** Returns whether {@link #close()} was called, as a cancel does, rather than the connection failing alone. */
    public boolean closedByCaller() {
        return closedByCaller;
    }

    /** Closes the connection; a command running on another thread fails at once. */
    @Override
    public void close() {
        closedByCaller = true;
        if (session.isConnected()) {
            session.disconnect();
            log.info("Disconnected from the gateway at {}.", settings.host());
        }
    }
}
