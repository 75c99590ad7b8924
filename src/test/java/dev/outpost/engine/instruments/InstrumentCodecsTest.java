package dev.outpost.engine.instruments;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The NMEA, Modbus RTU, SCPI and usb.ids parsing, without a line. */
class InstrumentCodecsTest {

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = InstrumentCodecsTest.class.getResourceAsStream("/serial/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void garminLogHasOneCutSentence() throws Exception {
        Nmea.Summary summary = Nmea.scan(resource("garmin48.log"));

        assertThat(summary.valid()).isEqualTo(91);
        assertThat(summary.invalid()).isEqualTo(1);
        assertThat(summary.makers()).containsExactly("Garmin");
        assertThat(summary.talkers()).containsExactly("GP");
    }

    @Test
    void beidouLogNamesThreeTalkers() throws Exception {
        Nmea.Summary summary = Nmea.scan(resource("beidou-gb.log"));

        assertThat(summary.invalid()).isZero();
        assertThat(summary.talkers()).contains("GP", "GN", "GB");
    }

    @Test
    void modbusCrcMatchesSpecificationExample() {
        assertThat(HexFormat.of().formatHex(ModbusRtu.readOneRegister(1, 0))).isEqualTo("010300000001840a");
    }

    @Test
    void modbusRejectsBroadcast() {
        assertThatThrownBy(() -> ModbusRtu.readDeviceIdentification(0))
                .hasMessageContaining("broadcast");
    }

    @Test
    void modbusEchoIsNoReply() {
        byte[] request = ModbusRtu.readDeviceIdentification(1);

        assertThat(ModbusRtu.parseReply(request, request)).isEmpty();
    }

    @Test
    void modbusIdentificationParsed() {
        byte[] body = HexFormat.of().parseHex("012b0e01010000020003414243" + "0102" + "5831");
        byte[] frame = java.util.Arrays.copyOf(body, body.length + 2);
        int crc = ModbusRtu.crc(body, body.length);
        frame[body.length] = (byte) crc;
        frame[body.length + 1] = (byte) (crc >> 8);
        byte[] request = ModbusRtu.readDeviceIdentification(1);

        assertThat(ModbusRtu.isComplete(request, frame)).isTrue();
        assertThat(ModbusRtu.parseReply(request, frame)).contains(new ModbusRtu.Identification(
                java.util.Map.of(0, "ABC", 1, "X1")));
    }

    @Test
    void randomBytesAreNoModbusTraffic() {
        byte[] noise = new byte[4096];
        new java.util.Random(6).nextBytes(noise);

        assertThat(ModbusRtu.countFrames(noise)).isLessThan(2);
    }

    @Test
    void scpiReplyWithPrefixParsed() {
        byte[] query = Scpi.query("\n");
        byte[] reply = "*IDN BK Precision,4054,123,1.0,extra\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(Scpi.parse(query, reply)).map(Scpi.Identity::model).contains("4054");
    }

    @Test
    void scpiEchoIsNoIdentity() {
        byte[] query = Scpi.query("\r\n");

        assertThat(Scpi.parse(query, query)).isEmpty();
    }

    @Test
    void usbIdsNameVendorAndProduct() throws Exception {
        UsbIdsDatabase ids = UsbIdsDatabase.read(new InputStreamReader(
                new java.io.ByteArrayInputStream(resourceUsbIds()), StandardCharsets.UTF_8));

        assertThat(ids.vendorName(0x1a86)).contains("QinHeng Electronics");
        assertThat(ids.productName(new UsbId(0x0403, 0x6001))).contains("FT232 Serial (UART) IC");
        assertThat(ids.vendorName(0x02)).isEmpty();
    }

    private static byte[] resourceUsbIds() throws Exception {
        try (InputStream in = UsbIdsDatabase.class.getResourceAsStream("usb.ids")) {
            return in.readAllBytes();
        }
    }

    @Test
    void adapterNamesTheCableChip() {
        AdapterCatalog catalog = new AdapterCatalog(UsbIdsDatabase.shipped());
        SerialPortInfo ftdi = new SerialPortInfo(PortLocation.GATEWAY, "/dev/ttyUSB0", null, null,
                new UsbId(0x0403, 0x6001), "AH06W0EQ", null, null, "ftdi_sio", "00");
        SerialPortInfo arduino = new SerialPortInfo(PortLocation.GATEWAY, "/dev/ttyACM0", null, null,
                new UsbId(0x2341, 0x0043), null, null, null, "cdc_acm", "00");

        assertThat(catalog.adapterOf(ftdi).name()).isEqualTo("Future Technology Devices International, Ltd FT232"
                + " Serial (UART) IC (0403:6001), FTDI");
        assertThat(catalog.adapterOf(arduino).chip()).isEqualTo(SerialAdapter.Chip.ARDUINO);
        assertThat(catalog.adapterOf(arduino).warnings()).anyMatch(w -> w.contains("restart"));
    }

    @Test
    void lineSettingsParsed() {
        assertThat(LineSettings.parse("19200-8E1")).isEqualTo(new LineSettings(19200, 8,
                LineSettings.Parity.EVEN, 1));
        assertThat(LineSettings.parse("9600 8N1").toString()).isEqualTo("9600 8N1");
        assertThatThrownBy(() -> LineSettings.parse("fast")).hasMessageContaining("9600 8N1");
    }
}
