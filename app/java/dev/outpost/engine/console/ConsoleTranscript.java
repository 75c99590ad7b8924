package dev.outpost.engine.console;

/**
 * Receives everything that passes over the console, for a live view and the diagnostics. Typed text arrives as
 * typed, with every secret replaced by {@link #MASK}; received text arrives with control characters and terminal
 * escape sequences removed, and with any secret Outpost typed replaced by the mask as well.
 *
 * <p>Threading: called on the thread that calls {@link GatewayConsole}'s methods, which blocks until the listener
 * returns. A listener that updates a user interface hands the text over to that interface's thread.
 */
public interface ConsoleTranscript {

    /** The mask shown for a typed secret, the same whatever its length. */
    String MASK = "••••••••";

    /** A transcript that drops everything. */
    ConsoleTranscript NONE = new ConsoleTranscript() {
        @Override
        public void typed(String text) {
        }

        @Override
        public void received(String text) {
        }
    };

    /**
     * Reports text Outpost sent, with {@code ⏎} for the carriage return that ends a typed line.
     *
     * @param text the typed text, secrets masked
     */
    void typed(String text);

    /**
     * Reports text the gateway sent, one line or part of a line at a time.
     *
     * @param text printable text, lines ended by {@code \n}
     */
    void received(String text);
}
