package dev.outpost.engine.console;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Speed hunting, through a line double that garbles everything unless the configured speed matches. */
class ConsoleSpeedTest {

    private static GatewayConsole over(SpeedSensitiveConsoleLine line, OptionalInt baud) throws ConsoleException {
        return GatewayConsole.over(line, "/dev/ttyUSB9", baud, ConsoleTranscript.NONE);
    }

    @Test
    void huntFindsThirdSpeed() throws ConsoleException {
        SpeedSensitiveConsoleLine line = SpeedSensitiveConsoleLine.at(38400);

        try (GatewayConsole console = over(line, OptionalInt.empty())) {
            assertThat(console.state()).isEqualTo(ConsoleState.LOGIN_PROMPT);
            assertThat(console.baud()).isEqualTo(38400);
        }
        assertThat(line.configuredAt).containsExactly(115_200, 9600, 38400);
    }

    @Test
    void firstSpeedNeedsNoHunt() throws ConsoleException {
        SpeedSensitiveConsoleLine line = SpeedSensitiveConsoleLine.at(115_200);

        try (GatewayConsole console = over(line, OptionalInt.empty())) {
            assertThat(console.state()).isEqualTo(ConsoleState.LOGIN_PROMPT);
        }
        assertThat(line.configuredAt).containsExactly(115_200);
    }

    @Test
    void givenSpeedIsOnlySpeed() throws ConsoleException {
        SpeedSensitiveConsoleLine line = SpeedSensitiveConsoleLine.at(38400);

        try (GatewayConsole console = over(line, OptionalInt.of(9600))) {
            assertThat(console.state()).isEqualTo(ConsoleState.GARBLED);
            assertThat(console.baud()).isEqualTo(9600);
            assertThatThrownBy(() -> console.logIn("tech", "secret".toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("at 9600 baud")
                    .hasMessageContaining("--baud");
        }
        assertThat(line.configuredAt).containsExactly(9600);
    }

    @Test
    void noMatchingSpeedNamesAllTried() throws ConsoleException {
        SpeedSensitiveConsoleLine line = SpeedSensitiveConsoleLine.at(4800);

        try (GatewayConsole console = over(line, OptionalInt.empty())) {
            assertThat(console.state()).isEqualTo(ConsoleState.GARBLED);
            assertThatThrownBy(() -> console.logIn("tech", "secret".toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("115200, 9600, 38400, 57600, 19200 baud")
                    .satisfies(e -> assertThat(((ConsoleException) e).kind())
                            .isEqualTo(ConsoleException.Kind.GARBLED));
        }
        assertThat(line.configuredAt).containsExactly(115_200, 9600, 38400, 57600, 19200);
    }

    @Test
    void silentAtEverySpeed() throws ConsoleException {
        SpeedSensitiveConsoleLine line = SpeedSensitiveConsoleLine.silent();

        try (GatewayConsole console = over(line, OptionalInt.empty())) {
            assertThat(console.state()).isEqualTo(ConsoleState.SILENT);
            assertThatThrownBy(() -> console.logIn("tech", "secret".toCharArray()))
                    .isInstanceOf(ConsoleException.class)
                    .hasMessageContaining("Check that the cable")
                    .satisfies(e -> assertThat(((ConsoleException) e).kind())
                            .isEqualTo(ConsoleException.Kind.SILENT));
        }
        assertThat(line.configuredAt).containsExactly(115_200, 9600, 38400, 57600, 19200);
    }
}
