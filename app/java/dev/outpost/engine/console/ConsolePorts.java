package dev.outpost.engine.console;

import dev.outpost.engine.instruments.LocalSerialPorts;
import dev.outpost.engine.instruments.PortException;
import dev.outpost.engine.instruments.SerialPortInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that a port name given for the console names a serial port before it is opened, and lists the laptop's
 * serial ports by name for the messages. Listing never opens a port.
 */
public final class ConsolePorts {

    private static final Logger log = LoggerFactory.getLogger(ConsolePorts.class);
    /** The file type bits of {@code st_mode} and the value for a character device, from {@code sys/stat.h}. */
    private static final int FILE_TYPE_MASK = 0170000;
    private static final int CHARACTER_DEVICE = 0020000;
    private static final Path TTY_DRIVERS = Path.of("/proc/tty/drivers");

    private ConsolePorts() {
    }

    /**
     * Rejects an empty port name, and on Linux and macOS a path that is missing, a folder, a file, or a character
     * device that is not a terminal, such as {@code /dev/null}. Windows names such as {@code COM3} are left to the
     * serial port library.
     *
     * @throws ConsoleException {@link ConsoleException.Kind#NO_SUCH_PORT} with this laptop's serial ports
     */
    public static void requireSerialPort(String portPath) throws ConsoleException {
        if (portPath == null || portPath.isBlank()) {
            throw new ConsoleException(ConsoleException.Kind.NO_SUCH_PORT, "No port was given. Give the port the"
                    + " console cable is in. " + describeLaptopPorts());
        }
        if (!portPath.startsWith("/")) {
            return;
        }
        Path path = Path.of(portPath);
        if (!Files.exists(path)) {
            throw new ConsoleException(ConsoleException.Kind.NO_SUCH_PORT, "There is no port " + portPath + " on"
                    + " this laptop. Check that the console cable is plugged in, then give one of this laptop's"
                    + " serial ports. " + describeLaptopPorts());
        }
        String kind = null;
        if (Files.isDirectory(path)) {
            kind = "it is a folder";
        } else if (Files.isRegularFile(path)) {
            kind = "it is a file";
        } else if (!isTerminalDevice(path)) {
            kind = "it is a device of another kind";
        }
        if (kind != null) {
            throw new ConsoleException(ConsoleException.Kind.NO_SUCH_PORT, portPath + " is not a serial port ("
                    + kind + "). Give the port the console cable is in. " + describeLaptopPorts());
        }
    }

    /**
     * Returns whether a path is a character device whose major number belongs to a terminal driver listed in
     * {@code /proc/tty/drivers}. Where the mode or that list cannot be read, as on macOS, any character device
     * passes.
     */
    static boolean isTerminalDevice(Path path) {
        int mode;
        long rdev;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
            rdev = (Long) Files.getAttribute(path, "unix:rdev");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            log.debug("The file type of {} could not be read; treating it as a port.", path, e);
            return true;
        }
        if ((mode & FILE_TYPE_MASK) != CHARACTER_DEVICE) {
            return false;
        }
        Set<Integer> terminalMajors = terminalMajors();
        if (terminalMajors.isEmpty()) {
            return true;
        }
        // Linux's dev_t: the major number is bits 8 to 19 and 32 to 43.
        int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
        return terminalMajors.contains(major);
    }

    /** Reads the major numbers of the terminal drivers, each line being "name /dev/path major minors type". */
    private static Set<Integer> terminalMajors() {
        if (!Files.isReadable(TTY_DRIVERS)) {
            return Set.of();
        }
        try {
            return Files.readAllLines(TTY_DRIVERS).stream().map(line -> line.trim().split("\\s+"))
                    .filter(fields -> fields.length >= 3 && fields[2].matches("\\d+"))
                    .map(fields -> Integer.parseInt(fields[2])).collect(Collectors.toSet());
        } catch (IOException e) {
            log.debug("{} could not be read.", TTY_DRIVERS, e);
            return Set.of();
        }
    }

    /**
     * Returns a sentence naming this laptop's serial ports as the serial port library lists them, or saying that
     * none was found.
     */
    public static String describeLaptopPorts() {
        List<String> names;
        try {
            names = new LocalSerialPorts().list().stream().map(SerialPortInfo::path).toList();
        } catch (PortException | RuntimeException e) {
            log.warn("Listing this laptop's serial ports failed.", e);
            return "Outpost could not list this laptop's serial ports.";
        }
        if (names.isEmpty()) {
            return "Outpost found no serial port on this laptop; plug in the USB console cable and wait a few"
                    + " seconds.";
        }
        return "This laptop's serial ports are " + String.join(", ", names) + ".";
    }
}
