package dev.outpost.ui.common;

import dev.outpost.engine.instruments.InstrumentInventory;
import dev.outpost.engine.instruments.InstrumentScan;
import dev.outpost.engine.instruments.PortException;
import dev.outpost.engine.instruments.SerialPortInfo;

import java.util.List;

/**
 * The serial scans the instruments page runs. {@link EngineSerialInstruments} implements it with the engine;
 * tests use one that scans pseudo-terminals only. Every method blocks and is never called on the FX thread.
 */
public interface SerialInstruments {

    /** Lists the laptop's ports without opening any, to notice when one is plugged in or out. */
    List<SerialPortInfo> laptopPorts() throws PortException;

    /** Scans the laptop's ports. */
    InstrumentInventory scanLaptop(InstrumentScan.Listener listener) throws PortException;

    /** Scans the gateway's ports through the open connection. */
    InstrumentInventory scanGateway(GatewayConnection connection, InstrumentScan.Listener listener)
            throws PortException;
}
