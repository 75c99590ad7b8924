package dev.outpost.cli;

import java.io.IOException;
import java.io.InputStream;

/** Reads a passphrase from standard input for the key and bundle commands, with their own message when it is empty. */
final class SecretInput {

    private SecretInput() {
    }

    static char[] passphrase(InputStream stdin, String command) throws IOException {
        try {
            return new StdinSecrets(stdin).readLine("passphrase");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("No passphrase was given on standard input. Pipe it in, for example:"
                    + " printf '%s\\n' \"$PASSPHRASE\" | outpost " + command + " ...", e);
        }
    }
}
