package dev.outpost.engine.instruments;

import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.ShellQuoting;

import java.time.Duration;
import java.util.Locale;

/**
 * A gateway port probed through SSH, one shell command per step. Each command opens the device on file
 * descriptor 3, so that a reply arriving before dd reads is kept by the terminal driver, sets the line with
 * stty ({@code raw}, no echo, {@code clocal}, no flow control, and {@code -hupcl} so that closing does not drop
 * DTR), writes the request with the shell's printf, and reads the reply with {@code timeout SECONDS dd}.
 *
 * <p>NOTE: the window cannot end early when a reply is complete, because the shell cannot parse it, so each
 * exchange takes its whole window plus a round trip. Fractional seconds for timeout need GNU coreutils or a
 * BusyBox built with them.
 */
final class GatewaySerialLine implements SerialLine {

    /** Extra time for the SSH round trip and the shell, on top of a step's window. */
    static final Duration COMMAND_MARGIN = Duration.ofSeconds(10);
    static final int EXIT_MISSING = 3;
    static final int EXIT_SETTINGS = 4;

    private final GatewaySession session;
    private final String path;
    private LineSettings settings = LineSettings.of(9600);
    private volatile boolean closed;

    GatewaySerialLine(GatewaySession session, String path) {
        this.session = session;
        this.path = path;
    }

    @Override
    public void configure(LineSettings wanted) throws PortException {
        run(script(wanted, null, null, 0), Duration.ZERO, wanted);
        settings = wanted;
    }

    @Override
    public byte[] listen(Duration window, int maxBytes, ReplyCheck enough) throws PortException {
        return run(script(settings, null, window, maxBytes), window, settings);
    }

    @Override
    public byte[] exchange(byte[] request, Duration window, ReplyCheck complete) throws PortException {
        return run(script(settings, request, window, 1024), window, settings);
    }

    @Override
    public void send(byte[] bytes) throws PortException {
        run(script(settings, bytes, null, 0), Duration.ZERO, settings);
    }

    /** Builds the step's script: open, set the line, optionally send, optionally read for the window. */
    static String script(LineSettings line, byte[] request, Duration window, int maxBytes) {
        StringBuilder script = new StringBuilder();
        script.append("[ -c \"$1\" ] || exit ").append(EXIT_MISSING).append('\n');
        script.append("exec 3<>\"$1\" || exit ").append(EXIT_MISSING).append('\n');
        script.append("stty ").append(sttyArguments(line)).append(" <&3 2>/dev/null || exit ").append(EXIT_SETTINGS)
                .append('\n');
        if (request != null) {
            script.append("printf '").append(octal(request)).append("' >&3\n");
        }
        if (window != null) {
            int blocks = Math.max(1, (maxBytes + 255) / 256);
            script.append("timeout ").append(seconds(window)).append(" dd bs=256 count=").append(blocks)
                    .append(" <&3 2>/dev/null\n");
        }
        script.append("exit 0\n");
        return script.toString();
    }

    /** Returns the stty operands for the settings. {@code min 1 time 0} makes dd wait until timeout stops it. */
    static String sttyArguments(LineSettings line) {
        String parity = switch (line.parity()) {
            case NONE -> "-parenb";
            case EVEN -> "parenb -parodd";
            case ODD -> "parenb parodd";
        };
        return line.baud() + " cs" + line.dataBits() + " " + parity + (line.stopBits() == 2 ? " cstopb" : " -cstopb")
                + " raw -echo clocal -crtscts -ixon -ixoff -hupcl min 1 time 0";
    }

    private static String octal(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format(Locale.ROOT, "\\%03o", b & 0xff));
        }
        return text.toString();
    }

    private static String seconds(Duration window) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0.05, window.toNanos() / 1e9));
    }

    private byte[] run(String script, Duration window, LineSettings line) throws PortException {
        if (closed) {
            throw new PortException(PortException.Kind.LOST, PortAdvice.lost(path));
        }
        GatewaySession.RawOutput output;
        try {
            // The step runs in a subshell because the shell SSH starts is a session leader. A session leader that
            // opens a terminal makes it its controlling terminal, and timeout's dd, in a process group of its own,
            // would then be stopped by SIGTTIN when it reads.
            String wrapped = "(\n" + script + ")\nexit $?\n";
            output = session.runRaw("sh -c " + ShellQuoting.quote(wrapped) + " sh " + ShellQuoting.quote(path),
                    new byte[0], window.plus(COMMAND_MARGIN), "probing the gateway's serial port " + path);
        } catch (GatewayException e) {
            throw new PortException(PortException.Kind.LOST, PortAdvice.lost(path), e);
        }
        if (output.exitCode() == EXIT_SETTINGS) {
            throw new PortException(PortException.Kind.SETTINGS_REJECTED, "The gateway's port " + path
                    + " cannot be set to " + line + ".");
        }
        if (output.exitCode() != 0) {
            throw new PortException(PortException.Kind.LOST, PortAdvice.lost(path));
        }
        return output.stdout();
    }

    /** Marks the line closed; a step already running on the gateway ends by its own timeout. */
    @Override
    public void close() {
        closed = true;
    }
}
