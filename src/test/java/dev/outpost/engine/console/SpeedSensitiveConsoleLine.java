package dev.outpost.engine.console;

import dev.outpost.engine.instruments.LineSettings;
import dev.outpost.engine.instruments.SerialLine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A test double of a console line with a real speed, which pseudo-terminals do not have. At the console's own speed
 * a carriage return brings a login prompt. At any other speed it brings random high bytes, as a wrong speed does on
 * a UART. A silent double sends nothing at any speed.
 */
final class SpeedSensitiveConsoleLine implements SerialLine {

    private final int ownBaud;
    private final boolean silent;
    private final Random noise = new Random(11);
    final List<Integer> configuredAt = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private byte[] garbled = new byte[0];

    private SpeedSensitiveConsoleLine(int ownBaud, boolean silent) {
        this.ownBaud = ownBaud;
        this.silent = silent;
    }

    /** Returns a console that responds only at {@code ownBaud}. */
    static SpeedSensitiveConsoleLine at(int ownBaud) {
        return new SpeedSensitiveConsoleLine(ownBaud, false);
    }

    /** Returns a console that never responds, as when the cable is in the wrong port. */
    static SpeedSensitiveConsoleLine silent() {
        return new SpeedSensitiveConsoleLine(0, true);
    }

    @Override
    public void configure(LineSettings settings) {
        configuredAt.add(settings.baud());
    }

    private int current() {
        return configuredAt.get(configuredAt.size() - 1);
    }

    @Override
    public void send(byte[] bytes) {
        if (silent) {
            return;
        }
        if (current() == ownBaud) {
            pending.append("\r\nsite-gw-01 login: ");
        } else {
            garbled = new byte[40];
            for (int i = 0; i < garbled.length; i++) {
                garbled[i] = (byte) (0x80 + noise.nextInt(0x80));
            }
        }
    }

    @Override
    public byte[] listen(Duration window, int maxBytes, ReplyCheck enough) {
        if (pending.length() > 0) {
            byte[] text = pending.toString().getBytes(StandardCharsets.US_ASCII);
            pending.setLength(0);
            return text;
        }
        if (garbled.length > 0) {
            byte[] bytes = garbled;
            garbled = new byte[0];
            return bytes;
        }
        try {
            Thread.sleep(window.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new byte[0];
    }

    @Override
    public byte[] exchange(byte[] request, Duration window, ReplyCheck complete) {
        send(request);
        return listen(window, 1024, complete);
    }

    @Override
    public void close() {
    }
}
