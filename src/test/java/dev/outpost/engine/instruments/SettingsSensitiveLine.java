package dev.outpost.engine.instruments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A test double of a serial line whose instrument only makes sense at one line setting, as on a real cable:
 * pseudo-terminals ignore the speed and reject parity, so speed and framing hunting cannot be tested on them. At
 * any other setting what the instrument sends arrives as garbled bytes, and requests arrive garbled, so it
 * stays silent. It records every request it is sent.
 */
final class SettingsSensitiveLine implements SerialLine {

    /** What the instrument does at its own setting. */
    enum Instrument { NMEA_TALKER, MODBUS_UNIT_2 }

    private final Instrument instrument;
    private final LineSettings own;
    private final Random noise = new Random(6);
    final List<LineSettings> listenedAt = new ArrayList<>();
    final List<byte[]> sent = new ArrayList<>();
    private LineSettings current;

    SettingsSensitiveLine(Instrument instrument, LineSettings own) {
        this.instrument = instrument;
        this.own = own;
    }

    @Override
    public void configure(LineSettings settings) {
        current = settings;
    }

    @Override
    public byte[] listen(Duration window, int maxBytes, ReplyCheck enough) {
        listenedAt.add(current);
        if (instrument != Instrument.NMEA_TALKER) {
            return new byte[0];
        }
        if (!current.equals(own)) {
            byte[] garbled = new byte[300];
            noise.nextBytes(garbled);
            return garbled;
        }
        return ("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n"
                + "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n"
                + "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] exchange(byte[] request, Duration window, ReplyCheck complete) {
        sent.add(request.clone());
        if (instrument != Instrument.MODBUS_UNIT_2 || !current.equals(own) || request[0] != 2) {
            return new byte[0];
        }
        if (request[1] == ModbusRtu.ENCAPSULATED_INTERFACE) {
            return withCrc(new byte[] {2, (byte) 0xAB, 0x01});
        }
        return withCrc(new byte[] {2, 0x03, 0x02, 0x00, 0x2A});
    }

    @Override
    public void send(byte[] bytes) {
        sent.add(bytes.clone());
    }

    private static byte[] withCrc(byte[] body) {
        byte[] frame = java.util.Arrays.copyOf(body, body.length + 2);
        int crc = ModbusRtu.crc(body, body.length);
        frame[body.length] = (byte) crc;
        frame[body.length + 1] = (byte) (crc >> 8);
        return frame;
    }

    @Override
    public void close() {
    }
}
