package dev.outpost.ui.common;

import dev.outpost.engine.console.ConsoleException;
import dev.outpost.engine.console.ConsoleState;
import dev.outpost.engine.console.ConsoleTranscript;
import dev.outpost.engine.console.GatewayNetwork;

import java.util.List;
import java.util.OptionalInt;

/** The gateway's serial console, as the console dialog uses it. Every method blocks; call it on a worker thread. */
public interface GatewayConsoles {

    /** Lists the laptop's serial ports, such as {@code /dev/ttyUSB0} or {@code COM3}. */
    List<String> ports() throws Exception;

    /**
     * Opens the port, finds the line speed unless one is given, and wakes the console.
     *
     * @param transcript receives everything typed and received, secrets masked, on the calling thread
     */
    ConsoleSession open(String port, OptionalInt baud, ConsoleTranscript transcript) throws ConsoleException;

    /** An open console. {@link #close()} may be called from any thread and ends a blocked call. */
    interface ConsoleSession extends AutoCloseable {

        /** Returns the state the console showed when it was woken. */
        ConsoleState state();

        /** The line speed in use. */
        int baud();

        /** Logs in; the password stays the caller's to wipe. */
        void logIn(String user, char[] password) throws ConsoleException;

        /** Reads the gateway's interfaces, addresses and default route. */
        GatewayNetwork readNetwork() throws ConsoleException;

        /** Adds an address to an interface until the gateway restarts; the password stays the caller's. */
        void setTemporaryAddress(String cidr, String interfaceName, char[] sudoPassword) throws ConsoleException;

        /** Logs out if logged in and closes the port, catching every failure. */
        @Override
        void close();
    }
}
