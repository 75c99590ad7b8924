package dev.outpost.engine.console;

/** A transcript that keeps everything, for tests to read back. */
final class RecordingTranscript implements ConsoleTranscript {

    private final StringBuilder typed = new StringBuilder();
    private final StringBuilder received = new StringBuilder();
    private final StringBuilder all = new StringBuilder();

    @Override
    public synchronized void typed(String text) {
        typed.append(text).append('\n');
        all.append("> ").append(text).append('\n');
    }

    @Override
    public synchronized void received(String text) {
        received.append(text);
        all.append(text);
    }

    synchronized String typed() {
        return typed.toString();
    }

    synchronized String received() {
        return received.toString();
    }

    synchronized String all() {
        return all.toString();
    }
}
