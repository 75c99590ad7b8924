package dev.outpost.engine.instruments;

import com.fazecast.jSerialComm.SerialPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The laptop's serial ports through jSerialComm: COM ports on Windows, {@code /dev/cu.*} on macOS, and
 * {@code /dev/ttyUSB*}, {@code /dev/ttyACM*} and {@code /dev/ttyS*} on Linux.
 *
 * <p>The packaged app loads jSerialComm's native library from its own folder ({@code jSerialComm.library.path}),
 * so it works where the temp folder forbids running programs; a failure to load it becomes a
 * {@link PortException.Kind#LIBRARY_MISSING} with a sentence for the person.
 */
public final class LocalSerialPorts implements SerialPorts {

    private static final Logger log = LoggerFactory.getLogger(LocalSerialPorts.class);
    static final String LIBRARY_MISSING = "Outpost could not load its serial port library, so the laptop's ports"
            + " cannot be used. Start Outpost from its installed launcher, which loads the library from the app's"
            + " folder, or reinstall Outpost.";

    private final PortAdvice.System system;
    private final List<String> onlyPaths;

    /** The ports jSerialComm lists on this system. */
    public LocalSerialPorts() {
        this(PortAdvice.System.fromOsName(System.getProperty("os.name", "")), List.of());
    }

    /**
     * Only the named ports, which need not be listed by the system, such as a pseudo-terminal.
     *
     * @param paths device paths such as {@code /dev/ttyUSB0} or {@code COM3}
     */
    public static LocalSerialPorts only(List<String> paths) {
        return new LocalSerialPorts(PortAdvice.System.fromOsName(System.getProperty("os.name", "")), paths);
    }

    LocalSerialPorts(PortAdvice.System system, List<String> onlyPaths) {
        this.system = system;
        this.onlyPaths = List.copyOf(onlyPaths);
    }

    @Override
    public PortLocation location() {
        return PortLocation.LAPTOP;
    }

    @Override
    public List<SerialPortInfo> list() throws PortException {
        if (!onlyPaths.isEmpty()) {
            return onlyPaths.stream().map(path -> SerialPortInfo.named(PortLocation.LAPTOP, path)).toList();
        }
        SerialPort[] found;
        try {
            found = SerialPort.getCommPorts();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            log.error("jSerialComm's native library could not be loaded.", e);
            throw new PortException(PortException.Kind.LIBRARY_MISSING, LIBRARY_MISSING, e);
        }
        List<SerialPortInfo> ports = new ArrayList<>();
        Set<String> seenDevices = new HashSet<>();
        for (SerialPort port : found) {
            String path = port.getSystemPortPath();
            if (system == PortAdvice.System.MACOS && path.startsWith("/dev/tty.")) {
                log.debug(PortAdvice.dialIn(path));
                continue;
            }
            SerialPortInfo info = describe(port);
            // macOS can list one CH340 adapter twice under two drivers' names; the serial number and location
            // are the same for both.
            String device = info.serialNumber() == null ? path : info.serialNumber() + "@" + port.getPortLocation();
            if (seenDevices.add(device)) {
                ports.add(info);
            }
        }
        return ports;
    }

    private static SerialPortInfo describe(SerialPort port) {
        UsbId usb = port.getVendorID() > 0 && port.getProductID() >= 0
                ? new UsbId(port.getVendorID(), port.getProductID()) : null;
        return new SerialPortInfo(PortLocation.LAPTOP, port.getSystemPortPath(), null,
                blankToNull(port.getPortDescription()), usb, blankToNull(port.getSerialNumber()),
                blankToNull(port.getManufacturer()), blankToNull(port.getDescriptivePortName()), null, null);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() || text.equals("Unknown") ? null : text.strip();
    }

    @Override
    public SerialLine open(SerialPortInfo port) throws PortException {
        if (system == PortAdvice.System.LINUX) {
            var holder = LinuxPortHolders.ofThisSystem().holderOf(Path.of(port.path()));
            if (holder.isPresent()) {
                throw new PortException(PortException.Kind.BUSY,
                        PortAdvice.busy(system, port.path(), holder.get()));
            }
        }
        SerialPort serial;
        try {
            serial = SerialPort.getCommPort(port.path());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new PortException(PortException.Kind.LIBRARY_MISSING, LIBRARY_MISSING, e);
        } catch (RuntimeException e) {
            throw new PortException(PortException.Kind.LOST, PortAdvice.lost(port.path()), e);
        }
        // Opening a port raises DTR and RTS on most systems, which restarts Arduino-style boards; clearing them
        // first keeps them low where the driver allows it.
        serial.clearDTR();
        serial.clearRTS();
        serial.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!serial.openPort()) {
            throw openFailure(port.path(), serial.getLastErrorCode());
        }
        return new JSerialCommLine(serial, port.path(), isPseudoTerminal(port.path()));
    }

    private static boolean isPseudoTerminal(String path) {
        try {
            return Path.of(path).toRealPath().startsWith("/dev/pts");
        } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private PortException openFailure(String path, int error) {
        log.debug("Opening {} failed with error {}.", path, error);
        if (system == PortAdvice.System.WINDOWS) {
            // ERROR_ACCESS_DENIED is what Windows returns for a COM port another program has open.
            return error == 5 ? new PortException(PortException.Kind.BUSY, PortAdvice.busy(system, path, null))
                    : new PortException(PortException.Kind.LOST, PortAdvice.lost(path));
        }
        return switch (error) {
            case 13, 1 -> new PortException(PortException.Kind.NOT_PERMITTED,
                    PortAdvice.notPermitted(system, path, null));
            case 16 -> new PortException(PortException.Kind.BUSY, PortAdvice.busy(system, path, null));
            default -> new PortException(PortException.Kind.LOST, PortAdvice.lost(path));
        };
    }
}
