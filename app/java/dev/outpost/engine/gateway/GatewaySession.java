package dev.outpost.engine.gateway;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
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
        return new CommandResult(exit, stdout.toString(StandardCharsets.UTF_8),
                stderr.toString(StandardCharsets.UTF_8), took);
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
            return run("sudo -n -- sh -c " + ShellQuoting.quote(command), stdin, timeout);
        }
        byte[] password = Credentials.utf8(sudoPassword.get());
        byte[] input = new byte[password.length + 1 + stdin.length];
        System.arraycopy(password, 0, input, 0, password.length);
        input[password.length] = '\n';
        System.arraycopy(stdin, 0, input, password.length + 1, stdin.length);
        java.util.Arrays.fill(password, (byte) 0);
        try {
            return run("sudo -S -p '' -- sh -c " + ShellQuoting.quote(command), input, timeout);
        } finally {
            java.util.Arrays.fill(input, (byte) 0);
        }
    }

    private static String abbreviate(String command) {
        String firstLine = command.strip().lines().findFirst().orElse("");
        if (firstLine.length() > LOGGED_COMMAND_LENGTH) {
            return firstLine.substring(0, LOGGED_COMMAND_LENGTH) + "…";
        }
        return command.contains("\n") ? firstLine + " …" : firstLine;
    }

    /** Closes the connection; a command running on another thread fails at once. */
    @Override
    public void close() {
        if (session.isConnected()) {
            session.disconnect();
            log.info("Disconnected from the gateway at {}.", settings.host());
        }
    }
}
