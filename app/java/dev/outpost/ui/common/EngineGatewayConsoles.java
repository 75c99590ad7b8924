package dev.outpost.ui.common;

import dev.outpost.engine.console.ConsoleException;
import dev.outpost.engine.console.ConsoleState;
import dev.outpost.engine.console.ConsoleTranscript;
import dev.outpost.engine.console.GatewayConsole;
import dev.outpost.engine.console.GatewayNetwork;
import dev.outpost.engine.instruments.LocalSerialPorts;
import dev.outpost.engine.instruments.SerialPortInfo;

import java.util.List;
import java.util.OptionalInt;

/** Reaches the gateway's console through the engine, over the laptop's serial ports found by jSerialComm. */
public final class EngineGatewayConsoles implements GatewayConsoles {

    private final LocalSerialPorts ports;

    /** Offers every serial port of the laptop. */
    public EngineGatewayConsoles() {
        this(new LocalSerialPorts());
    }

    /** Offers the ports that these list, such as a chosen few. */
    public EngineGatewayConsoles(LocalSerialPorts ports) {
        this.ports = ports;
    }

    @Override
    public List<String> ports() throws Exception {
        return ports.list().stream().map(SerialPortInfo::path).toList();
    }

    @Override
    public ConsoleSession open(String port, OptionalInt baud, ConsoleTranscript transcript) throws ConsoleException {
        GatewayConsole console = GatewayConsole.open(port, baud, transcript);
        return new ConsoleSession() {
            @Override
            public ConsoleState state() {
                return console.state();
            }

            @Override
            public int baud() {
                return console.baud();
            }

            @Override
            public void logIn(String user, char[] password) throws ConsoleException {
                console.logIn(user, password);
            }

            @Override
            public GatewayNetwork readNetwork() throws ConsoleException {
                return console.readNetwork();
            }

            @Override
            public void setTemporaryAddress(String cidr, String interfaceName, char[] sudoPassword)
                    throws ConsoleException {
                console.setTemporaryAddress(cidr, interfaceName, sudoPassword);
            }

            @Override
            public void close() {
                console.close();
            }
        };
    }
}
