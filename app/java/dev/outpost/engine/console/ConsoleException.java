package dev.outpost.engine.console;

/**
 * The console could not be used, or the gateway refused what was asked. {@link #kind()} names the cause. The message is a
 * plain sentence with the next step and never contains a secret.
 */
public final class ConsoleException extends Exception {

    /** The cause of the failure. */
    public enum Kind {
        /** No port has that name on this laptop. */
        NO_SUCH_PORT,
        /** The port exists but could not be opened: another program has it, or this user may not open it. */
        PORT_UNUSABLE,
        /** The port went away while in use, as when the cable is pulled. */
        PORT_LOST,
        /** Nothing arrived at any speed tried. */
        SILENT,
        /** Only unreadable bytes arrived, so the line speed is wrong. */
        GARBLED,
        /** The gateway sits at its bootloader and has not started Linux. */
        BOOTLOADER,
        /** The console shows text without a prompt Outpost recognises. */
        UNRECOGNISED,
        /** The gateway replied "Login incorrect". */
        WRONG_CREDENTIALS,
        /** The user name is empty, contains spaces or control characters, or starts with a dash. */
        INVALID_USER,
        /** sudo rejected the password or the user may not use it. */
        SUDO_REFUSED,
        /** The address is not an IPv4 or IPv6 address with a prefix length. */
        INVALID_ADDRESS,
        /** The gateway has no interface of that name. */
        UNKNOWN_INTERFACE,
        /** The address is already on another interface, or on this one with another prefix length. */
        ADDRESS_IN_USE,
        /** A call needs a login first. */
        NOT_LOGGED_IN,
        /** The gateway did not reply in time, or a command failed. */
        COMMAND_FAILED,
        /** Outpost was asked to stop, as with Ctrl-C, before the call finished. */
        STOPPED
    }

    private final Kind kind;

    public ConsoleException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ConsoleException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
