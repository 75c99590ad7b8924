package dev.outpost.engine.instruments;

import java.util.List;

/** The serial ports of one place, the laptop or the gateway: listing them and opening one. */
public interface SerialPorts {

    /** Returns where these ports are. */
    PortLocation location();

    /** Lists the ports without opening any. Blocks. */
    List<SerialPortInfo> list() throws PortException;

    /**
     * Opens a port for probing, refusing it when another program has it open. Blocks.
     *
     * @throws PortException {@link PortException.Kind#BUSY}, {@link PortException.Kind#NOT_PERMITTED} or
     *                       {@link PortException.Kind#LOST}, with a message for the person that says what to do
     */
    SerialLine open(SerialPortInfo port) throws PortException;
}
