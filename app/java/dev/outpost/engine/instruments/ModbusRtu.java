package dev.outpost.engine.instruments;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Modbus RTU frames the probes send and read: Read Device Identification (function 0x2B, MEI type 0x0E, basic
 * stream) and Read Holding Registers (0x03) of one register. Both only read; no function that writes or changes a
 * device's state is built here, and unit 0 (broadcast) is rejected.
 *
 * <p>A frame is the unit id, the function code, the data and a CRC-16 (polynomial 0xA001, initial value 0xFFFF)
 * sent low byte first, as the Modbus over Serial Line specification V1.02 defines it.
 */
public final class ModbusRtu {

    static final int READ_HOLDING_REGISTERS = 0x03;
    static final int ENCAPSULATED_INTERFACE = 0x2B;
    static final int READ_DEVICE_ID = 0x0E;
    static final int BASIC_STREAM = 0x01;
    static final int EXCEPTION_FLAG = 0x80;
    static final int MAX_FRAME = 256;
    static final Map<Integer, String> OBJECT_NAMES = Map.of(0, "VendorName", 1, "ProductCode",
            2, "MajorMinorRevision");

    private ModbusRtu() {
    }

    /** A reply to a probe: the device identification objects, a register value or an exception code. */
    public sealed interface Reply {
    }

    /** The objects of a Read Device Identification reply, by object id. */
    public record Identification(Map<Integer, String> objects) implements Reply {
    }

    /** The value of the one register read. */
    public record Register(int value) implements Reply {
    }

    /** An exception reply, which still proves that a Modbus device answers at this unit id and line setting. */
    public record ExceptionReply(int function, int code) implements Reply {
    }

    /** Builds a Read Device Identification request for the basic objects, starting with object 0. */
    public static byte[] readDeviceIdentification(int unit) {
        return frame(unit, ENCAPSULATED_INTERFACE, READ_DEVICE_ID, BASIC_STREAM, 0x00);
    }

    /** Builds a Read Holding Registers request for one register. */
    public static byte[] readOneRegister(int unit, int address) {
        return frame(unit, READ_HOLDING_REGISTERS, address >> 8 & 0xff, address & 0xff, 0x00, 0x01);
    }

    private static byte[] frame(int unit, int... body) {
        if (unit < 1 || unit > 247) {
            throw new IllegalArgumentException("The Modbus unit id " + unit + " is out of range. Use a unit id"
                    + " from 1 to 247; 0 is the broadcast address, to which no device replies.");
        }
        byte[] frame = new byte[body.length + 3];
        frame[0] = (byte) unit;
        for (int i = 0; i < body.length; i++) {
            frame[i + 1] = (byte) body[i];
        }
        int crc = crc(frame, frame.length - 2);
        frame[frame.length - 2] = (byte) (crc & 0xff);
        frame[frame.length - 1] = (byte) (crc >> 8);
        return frame;
    }

    /** Returns the Modbus CRC-16 of the first {@code length} bytes. */
    public static int crc(byte[] bytes, int length) {
        return crc(bytes, 0, length);
    }

    static int crc(byte[] bytes, int offset, int length) {
        int crc = 0xffff;
        for (int i = offset; i < offset + length; i++) {
            crc ^= bytes[i] & 0xff;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
            }
        }
        return crc;
    }

    /** Returns whether the bytes from {@code offset} with {@code length} end in their correct CRC. */
    static boolean crcMatches(byte[] bytes, int offset, int length) {
        return length >= 4 && offset + length <= bytes.length && crc(bytes, offset, length) == 0;
    }

    /**
     * Returns the length of the reply to {@code request} at the start of {@code received}, once enough bytes
     * arrived to know it, or -1.
     */
    static int replyLength(byte[] request, byte[] received) {
        if (received.length < 3) {
            return -1;
        }
        int function = received[1] & 0xff;
        if (function == ((request[1] & 0xff) | EXCEPTION_FLAG)) {
            return 5;
        }
        if (function == READ_HOLDING_REGISTERS) {
            return 5 + (received[2] & 0xff);
        }
        if (function == ENCAPSULATED_INTERFACE) {
            return identificationLength(received);
        }
        return -1;
    }

    /** Walks the objects of a Read Device Identification reply; -1 until all of them arrived. */
    private static int identificationLength(byte[] received) {
        if (received.length < 8) {
            return -1;
        }
        int count = received[7] & 0xff;
        int at = 8;
        for (int i = 0; i < count; i++) {
            if (at + 2 > received.length) {
                return -1;
            }
            at += 2 + (received[at + 1] & 0xff);
            if (at > MAX_FRAME) {
                return MAX_FRAME + 1;
            }
        }
        return at + 2;
    }

    /** True when the bytes contain a whole reply to the request, or more bytes than any reply has. */
    public static boolean isComplete(byte[] request, byte[] received) {
        int length = replyLength(request, received);
        return received.length > MAX_FRAME || length > 0 && received.length >= length;
    }

    /**
     * Parses the reply to a request. Returns nothing when the bytes are not a reply from the addressed unit with a
     * correct CRC, or when they only repeat the request, as a line that echoes does.
     */
    public static Optional<Reply> parseReply(byte[] request, byte[] received) {
        if (received.length >= request.length
                && Arrays.equals(Arrays.copyOf(received, request.length), request)) {
            return Optional.empty();
        }
        int length = replyLength(request, received);
        if (length < 5 || length > received.length || received[0] != request[0]
                || !crcMatches(received, 0, length)) {
            return Optional.empty();
        }
        int function = received[1] & 0xff;
        if ((function & EXCEPTION_FLAG) != 0) {
            return Optional.of(new ExceptionReply(function & 0x7f, received[2] & 0xff));
        }
        if (function == READ_HOLDING_REGISTERS) {
            if (length != 7) {
                return Optional.empty();
            }
            return Optional.of(new Register((received[3] & 0xff) << 8 | received[4] & 0xff));
        }
        if (received[2] != READ_DEVICE_ID) {
            return Optional.empty();
        }
        Map<Integer, String> objects = new LinkedHashMap<>();
        int at = 8;
        for (int i = 0; i < (received[7] & 0xff); i++) {
            int id = received[at] & 0xff;
            int size = received[at + 1] & 0xff;
            objects.put(id, new String(received, at + 2, size, StandardCharsets.ISO_8859_1).strip());
            at += 2 + size;
        }
        return Optional.of(new Identification(objects));
    }

    /**
     * Counts the Modbus RTU frames with a correct CRC in bytes heard on a line, as another master's requests and
     * its devices' replies. Only frames whose length follows from their function code count, which keeps random
     * bytes from matching by chance.
     */
    public static int countFrames(byte[] bytes) {
        int frames = 0;
        int i = 0;
        while (i + 4 <= bytes.length) {
            int length = plausibleFrameAt(bytes, i);
            if (length > 0) {
                frames++;
                i += length;
            } else {
                i++;
            }
        }
        return frames;
    }

    private static int plausibleFrameAt(byte[] bytes, int at) {
        int unit = bytes[at] & 0xff;
        if (unit < 1 || unit > 247 || at + 2 >= bytes.length) {
            return -1;
        }
        int function = bytes[at + 1] & 0xff;
        int[] candidates = switch (function) {
            case 0x01, 0x02, 0x03, 0x04 -> new int[] {8, 5 + (bytes[at + 2] & 0xff)};
            case 0x05, 0x06 -> new int[] {8};
            case 0x0F, 0x10 -> new int[] {8, at + 6 < bytes.length ? 9 + (bytes[at + 6] & 0xff) : -1};
            case 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x8F, 0x90, 0xAB -> new int[] {5};
            default -> new int[0];
        };
        for (int length : candidates) {
            if (length > 0 && crcMatches(bytes, at, length)) {
                return length;
            }
        }
        return -1;
    }
}
