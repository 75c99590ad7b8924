package dev.outpost.engine.console;

import dev.outpost.engine.instruments.LineSettings;
import dev.outpost.engine.instruments.PortException;
import dev.outpost.engine.instruments.SerialLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Types at a console and reads what comes back, reporting both to the transcript with secrets masked. Commands run
 * between markers that only the command's output contains, never the echo of the typed line, so the echo and the
 * prompts around it do not matter.
 */
final class ConsoleTerminal {

    private static final Logger log = LoggerFactory.getLogger(ConsoleTerminal.class);
    private static final Duration SLICE = Duration.ofMillis(100);
    private static final Duration AFTER_MARKER = Duration.ofSeconds(3);
    private static final Duration PROMPT_QUIET = Duration.ofMillis(300);
    private static final Pattern SUDO_RETRY = Pattern.compile("Sorry, try again|incorrect password");

    /** The bytes and the cleaned text of one read. */
    record Received(byte[] raw, String text) {

        ConsoleState state() {
            return ConsoleScreen.recognise(raw, text);
        }
    }

    /** A command's output, without the echo, markers and prompts, and its exit status. */
    record CommandResult(int exitCode, String output) {
    }

    private final SerialLine line;
    private final String portPath;
    private final ConsoleTranscript transcript;
    private final List<char[]> secrets = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private String lastText = "";
    private volatile boolean stopRequested;
    private volatile boolean finishing;

    ConsoleTerminal(SerialLine line, String portPath, ConsoleTranscript transcript) {
        this.line = line;
        this.portPath = portPath;
        this.transcript = transcript;
    }

    void configure(LineSettings settings) throws ConsoleException {
        try {
            line.configure(settings);
        } catch (PortException e) {
            throw lost(e);
        }
    }

    /** Remembers a secret so that it is masked if the gateway ever sends it back. */
    void addSecret(char[] secret) {
        if (secret != null && secret.length > 0) {
            secrets.add(secret.clone());
        }
    }

    /** Sends text, showing {@code transcriptText} in the transcript and the log in its place. */
    void type(String text, String transcriptText) throws ConsoleException {
        log.debug("Typing on {}: {}", portPath, transcriptText);
        transcript.typed(transcriptText);
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a secret and a carriage return; the transcript and the log show only the mask. */
    void typeSecret(char[] secret) throws ConsoleException {
        addSecret(secret);
        log.debug("Typing on {}: {}⏎", portPath, ConsoleTranscript.MASK);
        transcript.typed(ConsoleTranscript.MASK + "⏎");
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = new byte[encoded.remaining() + 1];
        encoded.get(bytes, 0, bytes.length - 1);
        bytes[bytes.length - 1] = '\r';
        try {
            send(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    private void send(byte[] bytes) throws ConsoleException {
        try {
            line.send(bytes);
        } catch (PortException e) {
            throw lost(e);
        }
    }

    /**
     * Reads until {@code done} holds for the cleaned text received so far, or the window ends. Complete lines go to
     * the transcript as they arrive, the rest when the read ends.
     */
    Received read(Duration window, Predicate<String> done) throws ConsoleException {
        return read(window, window, done);
    }

    /**
     * Reads as {@link #read(Duration, Predicate)} does, but also stops once some text has arrived and then nothing
     * more for {@code quiet}.
     */
    Received read(Duration window, Duration quiet, Predicate<String> done) throws ConsoleException {
        long lastArrival = 0;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + window.toNanos();
        int reported = 0;
        String text = "";
        while (System.nanoTime() < deadline) {
            if (stopRequested && !finishing) {
                reportRest(text, reported);
                lastText = text;
                throw new ConsoleException(ConsoleException.Kind.STOPPED, "Outpost was stopped while it waited for"
                        + " the console " + portPath + ".");
            }
            long left = Math.max(1, Math.min(SLICE.toNanos(), deadline - System.nanoTime()));
            byte[] chunk;
            try {
                chunk = line.listen(Duration.ofNanos(left), 4096, bytes -> true);
            } catch (PortException e) {
                throw lost(e);
            }
            if (chunk.length == 0) {
                if (lastArrival != 0 && !text.isBlank() && System.nanoTime() - lastArrival > quiet.toNanos()) {
                    break;
                }
                continue;
            }
            lastArrival = System.nanoTime();
            raw.writeBytes(chunk);
            text = mask(TerminalText.clean(raw.toByteArray()));
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline >= reported) {
                transcript.received(text.substring(reported, lastNewline + 1));
                reported = lastNewline + 1;
            }
            if (done.test(text)) {
                break;
            }
        }
        reportRest(text, reported);
        lastText = text;
        return new Received(raw.toByteArray(), text);
    }

    private void reportRest(String text, int reported) {
        if (reported < text.length()) {
            transcript.received(text.substring(reported));
        }
    }

    /** Makes reads fail with {@link ConsoleException.Kind#STOPPED}, unless {@link #finishing()} came first. */
    void stop() {
        stopRequested = true;
    }

    /** Lets reads run to their end again whatever {@link #stop()} requested, so that the logout is not cut short. */
    void finishing() {
        finishing = true;
    }

    /** Returns the cleaned text of the last read, whose end shows the current prompt. */
    String lastText() {
        return lastText;
    }

    /** Returns whether the text ends at a login, password or shell prompt. */
    static boolean endsAtPrompt(String text) {
        return ConsoleScreen.showsLoginPrompt(text) || ConsoleScreen.showsPasswordPrompt(text)
                || ConsoleScreen.showsShellPrompt(text);
    }

    /**
     * Runs a shell command between markers and returns its output and exit status. The command is typed with a
     * leading space, which keeps it out of bash's history where {@code HISTCONTROL} ignores such lines, as Debian's
     * default {@code .bashrc} does.
     */
    CommandResult run(String command, Duration window) throws ConsoleException {
        String nonce = nonce();
        String typed = " printf 'OPM%s-B\\n' " + nonce + "; " + command + "; printf 'OPM%s-E%s\\n' " + nonce
                + " \"$?\"";
        type(typed + "\r", typed + "⏎");
        return finish(nonce, read(window, text -> endMarker(nonce).matcher(text).find()).text());
    }

    /**
     * Runs a command that reads one secret line from the terminal, such as {@code sudo -S}. Echo is off while it
     * runs, and the secret is typed only once the command's start marker shows that the shell is running it. If
     * the command prompts again, as sudo does after a wrong password, an end of input (Ctrl-D) ends it.
     */
    CommandResult runFeedingSecret(String command, char[] secret, Duration window) throws ConsoleException {
        String nonce = nonce();
        String typed = " stty -echo; printf 'OPM%s-B\\n' " + nonce + "; " + command + "; printf 'OPM%s-E%s\\n' "
                + nonce + " \"$?\"; stty echo";
        type(typed + "\r", typed + "⏎");
        Pattern begin = Pattern.compile("(?m)^OPM" + nonce + "-B$");
        String started = read(window, text -> begin.matcher(text).find()).text();
        if (!begin.matcher(started).find()) {
            throw timedOut(command, window);
        }
        typeSecret(secret);
        Pattern end = endMarker(nonce);
        String text = read(window, sofar -> end.matcher(sofar).find() || SUDO_RETRY.matcher(sofar).find()).text();
        StringBuilder all = new StringBuilder(text);
        if (!end.matcher(text).find() && SUDO_RETRY.matcher(text).find()) {
            type("\u0004", "^D");
            all.append(read(window, sofar -> end.matcher(sofar).find()).text());
        }
        return finish(nonce, started + all);
    }

    private CommandResult finish(String nonce, String text) throws ConsoleException {
        Matcher end = endMarker(nonce).matcher(text);
        Matcher begin = Pattern.compile("(?m)^OPM" + nonce + "-B\\n").matcher(text);
        if (!end.find() || !begin.find() || begin.end() > end.start()) {
            throw new ConsoleException(ConsoleException.Kind.COMMAND_FAILED, "The gateway did not finish a command"
                    + " on the console in time. Look at the transcript for what it printed, then try again.");
        }
        String output = text.substring(begin.end(), end.start());
        int exitCode = Integer.parseInt(end.group(1));
        log.debug("The command ended with exit status {} and {} characters of output.", exitCode, output.length());
        String afterMarker = text.substring(end.end());
        if (afterMarker.isBlank()) {
            // The prompt has not arrived yet. A prompt Outpost does not recognise ends the wait once the line has
            // been quiet for a moment.
            read(AFTER_MARKER, PROMPT_QUIET, ConsoleScreen::showsShellPrompt);
        }
        return new CommandResult(exitCode, output);
    }

    private static Pattern endMarker(String nonce) {
        return Pattern.compile("(?m)^OPM" + nonce + "-E(\\d+)$");
    }

    private String nonce() {
        return HexFormat.of().formatHex(bytes(5));
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private ConsoleException timedOut(String command, Duration window) {
        return new ConsoleException(ConsoleException.Kind.COMMAND_FAILED, "The gateway did not start '" + command
                + "' within " + window.toSeconds() + " seconds. Look at the transcript, then try again.");
    }

    /** Replaces every secret typed so far; a very short password also masks the same letters in other words. */
    private String mask(String text) {
        String masked = text;
        for (char[] secret : secrets) {
            masked = masked.replace(new String(secret), ConsoleTranscript.MASK);
        }
        return masked;
    }

    /**
     * Turns a port failure into the console's own message. The port exception's message is the instrument scan's
     * advice, which points at a Re-scan the console does not have, so only its kind and cause are kept.
     */
    private ConsoleException lost(PortException e) {
        log.error("The console port {} failed ({}).", portPath, e.kind(), e.getCause());
        return new ConsoleException(ConsoleException.Kind.PORT_LOST, "The console port " + portPath + " went away,"
                + " as when the cable is pulled. Plug the cable in firmly, then run the console command again.",
                e.getCause());
    }

    /** Closes the line and wipes the remembered secrets. */
    void close() {
        for (char[] secret : secrets) {
            Arrays.fill(secret, '\0');
        }
        secrets.clear();
        line.close();
    }
}
