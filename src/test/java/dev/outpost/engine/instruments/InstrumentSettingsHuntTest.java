package dev.outpost.engine.instruments;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Speed and framing hunting, through a line double that answers only at the instrument's own setting. */
class InstrumentSettingsHuntTest {

    private static PortProber.Outcome probe(SerialLine line) throws PortException {
        return new PortProber(ProbeSettings.DEFAULT, System::nanoTime).probe(line, System.nanoTime()
                + ProbeSettings.DEFAULT.portBudget().toNanos());
    }

    @Test
    void nmeaFoundAtThirdListenSpeed() throws PortException {
        SettingsSensitiveLine line = new SettingsSensitiveLine(SettingsSensitiveLine.Instrument.NMEA_TALKER,
                LineSettings.of(38400));

        PortProber.Outcome outcome = probe(line);

        assertThat(outcome.protocol()).isEqualTo(Protocol.NMEA_0183);
        assertThat(outcome.settings()).isEqualTo(LineSettings.of(38400));
        assertThat(line.listenedAt).containsExactly(LineSettings.of(4800), LineSettings.of(9600),
                LineSettings.of(38400));
    }

    @Test
    void talkingLineGetsNoProbes() throws PortException {
        SettingsSensitiveLine line = new SettingsSensitiveLine(SettingsSensitiveLine.Instrument.NMEA_TALKER,
                LineSettings.of(57600));

        PortProber.Outcome outcome = probe(line);

        assertThat(outcome.state()).isEqualTo(PortState.UNKNOWN);
        assertThat(line.sent).isEmpty();
    }

    @Test
    void modbusFoundAtEvenParity() throws PortException {
        SettingsSensitiveLine line = new SettingsSensitiveLine(SettingsSensitiveLine.Instrument.MODBUS_UNIT_2,
                LineSettings.parse("19200 8E1"));

        PortProber.Outcome outcome = probe(line);

        assertThat(outcome.protocol()).isEqualTo(Protocol.MODBUS_RTU);
        assertThat(outcome.settings()).isEqualTo(LineSettings.parse("19200 8E1"));
        assertThat(outcome.identity()).isEqualTo("Modbus unit 2, which does not report its maker");
        assertThat(outcome.confidence()).isEqualTo(Confidence.MEDIUM);
    }

    @Test
    void probesOnlyReadAndNeverBroadcast() throws PortException {
        SettingsSensitiveLine line = new SettingsSensitiveLine(SettingsSensitiveLine.Instrument.MODBUS_UNIT_2,
                LineSettings.parse("9600 8O1"));

        probe(line);

        List<byte[]> modbus = line.sent.stream().filter(request -> request[0] != '*').toList();
        assertThat(modbus).isNotEmpty();
        assertThat(modbus).allMatch(request -> (request[0] & 0xff) >= 1 && (request[0] & 0xff) <= 247);
        assertThat(modbus).allMatch(request -> request[1] == 0x2B || request[1] == 0x03);
        assertThat(line.sent).filteredOn(request -> request[0] == '*')
                .allMatch(request -> new String(request).strip().equals("*IDN?"));
    }
}
