package dev.outpost.cli;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.HostKeyInfo;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.engine.gateway.HostKeyPrompt;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;

/** The options that name the gateway and the login, shared by every command that connects. */
final class GatewayOptions {

    @Option(names = "--host", required = true, paramLabel = "ADDRESS", description = "The gateway's IP address or"
            + " host name.")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "22", description = "The gateway's SSH port"
            + " (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--user", required = true, paramLabel = "USER", description = "The login user on the gateway.")
    private String user;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Login login;

    @Option(names = "--passphrase-stdin", description = "Read the key's passphrase from the first line of standard"
            + " input.")
    private boolean passphraseFromStdin;

    @Option(names = "--sudo-password-stdin", description = "With --identity: read the account's sudo password from"
            + " the next line of standard input.")
    private boolean sudoPasswordFromStdin;

    @ArgGroup(exclusive = true)
    private HostKeyChoice hostKey;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "The known-hosts file that records trusted"
            + " gateway keys (default: known_hosts in Outpost's data folder).")
    private Path knownHosts;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "15", description = "How long to"
            + " wait for the gateway to answer, in seconds (default: ${DEFAULT-VALUE}).")
    private int connectTimeoutSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Also print the log, remote commands included, on standard"
            + " error.")
    boolean verbose;

    /** The login method: exactly one of a password or a private key. */
    static final class Login {
        @Option(names = "--password-stdin", required = true, description = "Read the password from the first line"
                + " of standard input; sudo gets the same password.")
        boolean passwordFromStdin;

        @Option(names = "--identity", required = true, paramLabel = "KEYFILE", description = "Log in with this"
                + " OpenSSH private key (ed25519, ECDSA or RSA).")
        Path identity;
    }

    /** The policy for a host key that the known-hosts file does not list. */
    static final class HostKeyChoice {
        @Option(names = "--accept-new-host-key", required = true, description = "Trust and record the gateway's"
                + " host key if it is seen for the first time. A changed key is still refused.")
        boolean acceptNew;

        @Option(names = "--host-key-fingerprint", required = true, paramLabel = "SHA256:…", description = "Trust"
                + " the gateway only if its host key has this fingerprint, as 'ssh-keygen -lf' prints it.")
        String fingerprint;
    }

    /** The gateway's address as given. */
    String host() {
        return host;
    }

    /** Shows the log on standard error when {@code --verbose} is given. */
    void showLogIfVerbose() {
        if (verbose) {
            CommandLineLogging.showOnStandardError();
        }
    }

    /**
     * Builds the connection settings, reading the secrets the options ask for from standard input.
     *
     * @throws IllegalArgumentException when the options do not fit together; the message explains how
     */
    ConnectionSettings settings(InputStream stdin, Path defaultKnownHosts) throws IOException {
        return settings(new StdinSecrets(stdin), defaultKnownHosts);
    }

    /** As {@link #settings(InputStream, Path)}, reading from secrets that later lines of standard input follow. */
    ConnectionSettings settings(StdinSecrets secrets, Path defaultKnownHosts) throws IOException {
        if (passphraseFromStdin && login.identity == null) {
            throw new IllegalArgumentException("--passphrase-stdin needs --identity: a passphrase protects a key"
                    + " file. Use --password-stdin alone for a password login.");
        }
        if (sudoPasswordFromStdin && login.identity == null) {
            throw new IllegalArgumentException("--sudo-password-stdin needs --identity: with --password-stdin, sudo"
                    + " already gets the login password.");
        }
        Credentials credentials;
        if (login.identity != null) {
            char[] passphrase = passphraseFromStdin ? secrets.readLine("key passphrase") : null;
            char[] sudo = sudoPasswordFromStdin ? secrets.readLine("sudo password") : null;
            credentials = new Credentials.PrivateKey(login.identity, passphrase, sudo);
        } else {
            credentials = new Credentials.Password(secrets.readLine("password"));
        }
        HostKeyPolicy policy = hostKeyPolicy();
        Path file = knownHosts == null ? defaultKnownHosts : knownHosts;
        return ConnectionSettings.of(host, user, credentials, policy, file).withPort(port)
                .withTimeouts(Duration.ofSeconds(connectTimeoutSeconds), ConnectionSettings.DEFAULT_COMMAND_TIMEOUT);
    }

    private HostKeyPolicy hostKeyPolicy() {
        if (hostKey != null && hostKey.acceptNew) {
            return new HostKeyPolicy.AcceptNew();
        }
        if (hostKey != null && hostKey.fingerprint != null) {
            return new HostKeyPolicy.Pinned(hostKey.fingerprint);
        }
        Console console = System.console();
        boolean stdinIsFree = !(login.passwordFromStdin || passphraseFromStdin || sudoPasswordFromStdin);
        HostKeyPrompt prompt = console != null && stdinIsFree ? key -> askOnConsole(console, key) : null;
        return new HostKeyPolicy.Ask(prompt);
    }

    private static boolean askOnConsole(Console console, HostKeyInfo key) {
        console.printf("The gateway %s is not known yet. Its %s host key has the fingerprint%n  %s%n", key.host(),
                key.algorithm(), key.fingerprint());
        String answer = console.readLine("Compare it with the one head office gave you. Trust it? [y/N] ");
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }
}
