package dev.outpost.engine.instruments;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A serial line's speed and framing, written the usual way: {@code 9600 8N1} is 9600 baud, 8 data bits, no parity
 * and 1 stop bit.
 *
 * @param baud     the speed in bits per second
 * @param dataBits 7 or 8
 * @param parity   the parity bit, if any
 * @param stopBits 1 or 2
 */
public record LineSettings(int baud, int dataBits, Parity parity, int stopBits) {

    private static final Pattern TEXT = Pattern.compile("(\\d{3,7})[ -]?([78])([NEO])([12])");

    /** The parity bit of each character. */
    public enum Parity {
        NONE('N'), EVEN('E'), ODD('O');

        private final char letter;

        Parity(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }

    public LineSettings {
        if (baud < 50 || baud > 4_000_000) {
            throw new IllegalArgumentException("The line speed " + baud + " baud is out of range. Use a speed"
                    + " between 50 and 4000000 baud, such as 9600.");
        }
        if (dataBits != 7 && dataBits != 8) {
            throw new IllegalArgumentException("A serial line has 7 or 8 data bits, not " + dataBits + ".");
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("A serial line has 1 or 2 stop bits, not " + stopBits + ".");
        }
    }

    /** Returns {@code baud 8N1}, the most common framing. */
    public static LineSettings of(int baud) {
        return new LineSettings(baud, 8, Parity.NONE, 1);
    }

    /**
     * Parses settings written as {@code 9600 8N1} or {@code 19200-8E1}.
     *
     * @throws IllegalArgumentException when the text is not in that form; the message shows the form
     */
    public static LineSettings parse(String text) {
        Matcher matcher = TEXT.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("The line settings '" + text + "' are not in the form 9600 8N1"
                    + " (speed, data bits, parity N, E or O, stop bits). Write them in that form.");
        }
        Parity parity = switch (matcher.group(3)) {
            case "E" -> Parity.EVEN;
            case "O" -> Parity.ODD;
            default -> Parity.NONE;
        };
        return new LineSettings(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), parity,
                Integer.parseInt(matcher.group(4)));
    }

    /** Returns the time one character takes on the line: start bit, data bits, parity bit and stop bits. */
    public Duration characterTime() {
        int bits = 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits;
        return Duration.ofNanos(1_000_000_000L * bits / baud);
    }

    @Override
    public String toString() {
        return baud + " " + dataBits + parity.letter() + stopBits;
    }
}
