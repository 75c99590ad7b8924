package dev.outpost.ui.common;

import dev.outpost.engine.instruments.AdapterCatalog;
import dev.outpost.engine.instruments.GatewaySerialPorts;
import dev.outpost.engine.instruments.InstrumentInventory;
import dev.outpost.engine.instruments.InstrumentScan;
import dev.outpost.engine.instruments.LocalSerialPorts;
import dev.outpost.engine.instruments.PortException;
import dev.outpost.engine.instruments.ProbeSettings;
import dev.outpost.engine.instruments.SerialPortInfo;
import dev.outpost.engine.instruments.SerialPorts;
import dev.outpost.engine.instruments.UsbIdsDatabase;

import java.time.Clock;
import java.util.List;

/** The instruments page's scans over the engine: jSerialComm on the laptop, SSH on the gateway. */
public final class EngineSerialInstruments implements SerialInstruments {

    private final SerialPorts laptop;
    private final InstrumentScan scan;

    public EngineSerialInstruments() {
        this(new LocalSerialPorts(), ProbeSettings.DEFAULT);
    }

    /** @param laptop the laptop's ports, or only some of them */
    public EngineSerialInstruments(SerialPorts laptop, ProbeSettings settings) {
        this.laptop = laptop;
        this.scan = new InstrumentScan(new AdapterCatalog(UsbIdsDatabase.shipped()), settings, Clock.systemUTC());
    }

    @Override
    public List<SerialPortInfo> laptopPorts() throws PortException {
        return laptop.list();
    }

    @Override
    public InstrumentInventory scanLaptop(InstrumentScan.Listener listener) throws PortException {
        return scan.scan(laptop, null, listener);
    }

    @Override
    public InstrumentInventory scanGateway(GatewayConnection connection, InstrumentScan.Listener listener)
            throws PortException {
        return scan.scan(new GatewaySerialPorts(connection.session()), connection.settings().host(), listener);
    }
}
