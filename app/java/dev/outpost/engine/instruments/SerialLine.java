package dev.outpost.engine.instruments;

import java.time.Duration;

/**
 * An open serial port that the probes talk through: on the laptop a jSerialComm port, on the gateway a series of
 * shell commands over SSH. Every method blocks; {@link #close()} may be called from another thread to end a
 * blocked call, which then fails with {@link PortException.Kind#LOST}.
 */
public interface SerialLine extends AutoCloseable {

    /** Tells whether the bytes received so far make a complete reply, so that waiting can end early. */
    @FunctionalInterface
    interface ReplyCheck {
        boolean isComplete(byte[] received);
    }

    /**
     * Sets the speed and framing for the calls that follow.
     *
     * @throws PortException {@link PortException.Kind#SETTINGS_REJECTED} when the port cannot use them
     */
    void configure(LineSettings settings) throws PortException;

    /**
     * Reads what the line sends by itself, without transmitting, for up to {@code window} or until
     * {@code enough} holds or {@code maxBytes} arrived.
     */
    byte[] listen(Duration window, int maxBytes, ReplyCheck enough) throws PortException;

    /**
     * Discards pending input, sends the request and reads the reply for up to {@code window} or until
     * {@code complete} holds.
     */
    byte[] exchange(byte[] request, Duration window, ReplyCheck complete) throws PortException;

    /**
     * Sends bytes as they are, without discarding pending input and without reading, for conversations that read
     * the reply separately, such as typing at a login console.
     */
    void send(byte[] bytes) throws PortException;

    /** Closes the port. Never fails; may be called more than once and from any thread. */
    @Override
    void close();
}
