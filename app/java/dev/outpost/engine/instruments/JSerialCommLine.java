package dev.outpost.engine.instruments;

import com.fazecast.jSerialComm.SerialPort;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

/** A laptop port opened with jSerialComm, read in semi-blocking slices so that every call ends by its deadline. */
final class JSerialCommLine implements SerialLine {

    private static final int SLICE_MILLIS = 50;
    private static final int EINVAL = 22;

    private final SerialPort port;
    private final String path;
    private final boolean pseudoTerminal;
    private volatile boolean closed;

    /** @param pseudoTerminal whether the port is a pseudo-terminal, which has no parity */
    JSerialCommLine(SerialPort port, String path, boolean pseudoTerminal) {
        this.port = port;
        this.path = path;
        this.pseudoTerminal = pseudoTerminal;
    }

    @Override
    public void configure(LineSettings settings) throws PortException {
        if (pseudoTerminal && settings.parity() != LineSettings.Parity.NONE) {
            // Linux accepts parity on a pseudo-terminal without applying it, and jSerialComm 2.11.4 then fails
            // every later change with EINVAL, so parity is rejected here, as stty does after checking.
            throw new PortException(PortException.Kind.SETTINGS_REJECTED, "The port " + path + " is a"
                    + " pseudo-terminal, which cannot be set to " + settings + ".");
        }
        int parity = switch (settings.parity()) {
            case NONE -> SerialPort.NO_PARITY;
            case EVEN -> SerialPort.EVEN_PARITY;
            case ODD -> SerialPort.ODD_PARITY;
        };
        int stopBits = settings.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
        if (!port.setComPortParameters(settings.baud(), settings.dataBits(), parity, stopBits)) {
            requireOpen();
            if (port.getLastErrorCode() == EINVAL) {
                throw new PortException(PortException.Kind.SETTINGS_REJECTED, "The port " + path + " cannot be"
                        + " set to " + settings + ".");
            }
            throw new PortException(PortException.Kind.LOST, PortAdvice.lost(path));
        }
    }

    @Override
    public byte[] listen(Duration window, int maxBytes, ReplyCheck enough) throws PortException {
        return read(System.nanoTime() + window.toNanos(), maxBytes, enough);
    }

    @Override
    public byte[] exchange(byte[] request, Duration window, ReplyCheck complete) throws PortException {
        requireOpen();
        port.flushIOBuffers();
        if (port.writeBytes(request, request.length) != request.length) {
            throw new PortException(PortException.Kind.LOST, PortAdvice.lost(path));
        }
        return read(System.nanoTime() + window.toNanos(), 1024, complete);
    }

    @Override
    public void send(byte[] bytes) throws PortException {
        requireOpen();
        if (port.writeBytes(bytes, bytes.length) != bytes.length) {
            throw new PortException(PortException.Kind.LOST, PortAdvice.lost(path));
        }
    }

    private byte[] read(long deadline, int maxBytes, ReplyCheck enough) throws PortException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[512];
        while (received.size() < maxBytes) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            requireOpen();
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, (int) Math.min(left, SLICE_MILLIS), 0);
            int count = port.readBytes(buffer, Math.min(buffer.length, maxBytes - received.size()));
            if (count < 0) {
                throw new PortException(PortException.Kind.LOST, PortAdvice.lost(path));
            }
            received.write(buffer, 0, count);
            if (count > 0 && enough.isComplete(received.toByteArray())) {
                break;
            }
        }
        return received.toByteArray();
    }

    private void requireOpen() throws PortException {
        if (closed || !port.isOpen()) {
            throw new PortException(PortException.Kind.LOST, PortAdvice.lost(path));
        }
    }

    @Override
    public void close() {
        closed = true;
        port.closePort();
    }
}
