package dev.outpost.engine.instruments;

/** A serial port could not be opened, configured or read; {@link #kind()} says why. */
public final class PortException extends Exception {

    /** Why the port failed. */
    public enum Kind {
        /** Another program has the port open. */
        BUSY,
        /** This user may not open the port. */
        NOT_PERMITTED,
        /** The port is gone, or failed while in use, as when its cable is pulled. */
        LOST,
        /** The port rejected the line settings, as a pseudo-terminal rejects parity. */
        SETTINGS_REJECTED,
        /** jSerialComm's native library could not be loaded, so no port on the laptop can be used. */
        LIBRARY_MISSING
    }

    private final Kind kind;

    public PortException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PortException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
