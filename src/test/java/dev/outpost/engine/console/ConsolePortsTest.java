package dev.outpost.engine.console;

import dev.outpost.engine.instruments.LineSettings;
import dev.outpost.engine.instruments.PortAdvice;
import dev.outpost.engine.instruments.PortException;
import dev.outpost.engine.instruments.SerialLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Port names checked before the console opens them, and the console's own words for a port that fails. */
class ConsolePortsTest {

    @TempDir
    Path folder;

    private static ConsoleException.Kind kindOf(Throwable e) {
        return ((ConsoleException) e).kind();
    }

    @Test
    void folderIsNotPort() {
        assertThatThrownBy(() -> ConsolePorts.requireSerialPort(folder.toString()))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining(folder + " is not a serial port (it is a folder)")
                .hasMessageNotContaining("Unplug")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.NO_SUCH_PORT));
    }

    @Test
    void fileIsNotPort() throws Exception {
        Path file = Files.writeString(folder.resolve("notes.txt"), "not a port");

        assertThatThrownBy(() -> ConsolePorts.requireSerialPort(file.toString()))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining(file + " is not a serial port (it is a file)")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.NO_SUCH_PORT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dev/null", "/dev/zero"})
    void otherDevicesAreNotPorts(String device) {
        assertThatThrownBy(() -> ConsolePorts.requireSerialPort(device))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining(device + " is not a serial port")
                .hasMessageNotContaining("Another program")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.NO_SUCH_PORT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void emptyNameRejected(String name) {
        assertThatThrownBy(() -> ConsolePorts.requireSerialPort(name))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining("No port was given")
                .hasMessageNotContaining("COM3")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.NO_SUCH_PORT));
    }

    @Test
    void missingPortNamesLaptopPorts() {
        assertThatThrownBy(() -> ConsolePorts.requireSerialPort(folder.resolve("ttyUSB7").toString()))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining("There is no port")
                .hasMessageNotContaining("list of this laptop's ports")
                .hasMessageMatching("(?s).*(This laptop's serial ports are |Outpost found no serial port"
                        + " on this laptop|Outpost could not list).*");
    }

    @Test
    void pseudoTerminalIsPort() {
        // /dev/ptmx is the terminal multiplexer, a character device of the pseudo-terminal driver.
        assertThat(ConsolePorts.isTerminalDevice(Path.of("/dev/ptmx"))).isTrue();
        assertThat(ConsolePorts.isTerminalDevice(Path.of("/dev/null"))).isFalse();
    }

    @Test
    void lostPortUsesConsoleWords() {
        SerialLine failing = new SerialLine() {
            @Override
            public void configure(LineSettings settings) {
            }

            @Override
            public byte[] listen(Duration window, int maxBytes, ReplyCheck enough) throws PortException {
                throw new PortException(PortException.Kind.LOST, PortAdvice.lost("/dev/ttyUSB9"));
            }

            @Override
            public byte[] exchange(byte[] request, Duration window, ReplyCheck complete) throws PortException {
                throw new PortException(PortException.Kind.LOST, PortAdvice.lost("/dev/ttyUSB9"));
            }

            @Override
            public void send(byte[] bytes) {
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> GatewayConsole.over(failing, "/dev/ttyUSB9", OptionalInt.of(115_200),
                ConsoleTranscript.NONE))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining("The console port /dev/ttyUSB9 went away")
                .hasMessageNotContaining("Re-scan")
                .satisfies(e -> assertThat(kindOf(e)).isEqualTo(ConsoleException.Kind.PORT_LOST))
                .satisfies(e -> assertThat(e.getCause()).isNull());
    }
}
