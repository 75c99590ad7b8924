package dev.outpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads secrets from standard input one line each, into character arrays that the caller wipes. Secrets come this
 * way so they never appear on a command line, where other users of the machine could see them.
 */
final class StdinSecrets {

    private static final int MAX_SECRET_LENGTH = 4096;

    private final Reader reader;

    StdinSecrets(InputStream in) {
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /**
     * Reads the next line without its line ending.
     *
     * @param what what the line holds, for the error message, such as "password"
     * @throws IllegalArgumentException when standard input ends before the line or the line is empty
     */
    char[] readLine(String what) throws IOException {
        char[] buffer = new char[MAX_SECRET_LENGTH];
        int length = 0;
        int c;
        while ((c = reader.read()) != -1 && c != '\n') {
            if (length == buffer.length) {
                Arrays.fill(buffer, '\0');
                throw new IllegalArgumentException("The " + what + " on standard input is longer than "
                        + MAX_SECRET_LENGTH + " characters.");
            }
            buffer[length++] = (char) c;
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        if (length == 0) {
            throw new IllegalArgumentException("No " + what + " was given on standard input. Pipe the secrets in,"
                    + " one line each in the order the command's help gives, for example: printf '%s\\n%s\\n'"
                    + " \"$PASSWORD\" \"$PASSPHRASE\" | outpost ...");
        }
        char[] line = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return line;
    }
}
