package dev.outpost.engine.gateway;

import dev.outpost.engine.platform.PrintableText;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything needed to open an SSH session to one gateway.
 *
 * @param host           the gateway's address or host name
 * @param port           the SSH port
 * @param user           the login user
 * @param credentials    password or private key
 * @param hostKeyPolicy  what to do with a host key seen for the first time
 * @param knownHosts     the known-hosts file (OpenSSH format) that records trusted host keys
 * @param connectTimeout the bound on opening the TCP connection and the SSH handshake together
 * @param commandTimeout the bound on each remote command
 * @param keepAlive      the interval between keep-alive messages while the session is idle
 */
public record ConnectionSettings(String host, int port, String user, Credentials credentials,
                                 HostKeyPolicy hostKeyPolicy, Path knownHosts, Duration connectTimeout,
                                 Duration commandTimeout, Duration keepAlive) {

    public static final int DEFAULT_PORT = 22;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

    /** A host name or IPv4 address: letters, digits, dots, hyphens and underscores, not starting with a symbol. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
    /** An IPv6 address, with an optional zone such as {@code %eth0}. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9._-]{1,32})?");
    private static final int MAX_USER_LENGTH = 64;
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);

    public ConnectionSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
        Objects.requireNonNull(knownHosts, "knownHosts");
        host = checkedHost(host);
        user = checkedUser(user);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The port " + port + " is not valid. Use a number from 1 to 65535;"
                    + " SSH normally listens on 22.");
        }
        if (connectTimeout.compareTo(Duration.ofSeconds(1)) < 0 || connectTimeout.compareTo(MAX_CONNECT_TIMEOUT) > 0) {
            throw new IllegalArgumentException("The connect time-out of " + connectTimeout.toSeconds() + " seconds is"
                    + " not valid. Use 1 to " + MAX_CONNECT_TIMEOUT.toSeconds() + " seconds.");
        }
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("The command time-out must be longer than zero.");
        }
    }

    private static String checkedHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("The gateway address is missing. Type the gateway's IP address or"
                    + " host name.");
        }
        String trimmed = host.trim();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        boolean valid = trimmed.contains(":") ? IPV6.matcher(trimmed).matches()
                : HOST_NAME.matcher(trimmed).matches();
        if (!valid) {
            throw new IllegalArgumentException("The gateway address '" + printable(trimmed) + "' is not a valid IP"
                    + " address or host name. Type it as head office gave it, for example 192.168.8.1.");
        }
        return trimmed;
    }

    private static String checkedUser(String user) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("The user name is missing. Type the gateway login, for example"
                    + " root or the technician account.");
        }
        String trimmed = user.trim();
        boolean visible = trimmed.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
        if (trimmed.length() > MAX_USER_LENGTH || !visible) {
            throw new IllegalArgumentException("The user name '" + printable(trimmed) + "' is not valid. Use the"
                    + " gateway login, at most " + MAX_USER_LENGTH + " characters without spaces.");
        }
        return trimmed;
    }

    /** Escapes control characters and shortens the text, so a bad value cannot forge a log line or flood a message. */
    private static String printable(String text) {
        String escaped = PrintableText.escapeControls(text);
        return escaped.length() > 80 ? escaped.substring(0, 80) + "…" : escaped;
    }

    /** Returns settings with the default port, time-outs and keep-alive. */
    public static ConnectionSettings of(String host, String user, Credentials credentials, HostKeyPolicy policy,
                                        Path knownHosts) {
        return new ConnectionSettings(host, DEFAULT_PORT, user, credentials, policy, knownHosts,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_COMMAND_TIMEOUT, DEFAULT_KEEP_ALIVE);
    }

    public ConnectionSettings withPort(int newPort) {
        return new ConnectionSettings(host, newPort, user, credentials, hostKeyPolicy, knownHosts, connectTimeout,
                commandTimeout, keepAlive);
    }

    public ConnectionSettings withTimeouts(Duration connect, Duration command) {
        return new ConnectionSettings(host, port, user, credentials, hostKeyPolicy, knownHosts, connect, command,
                keepAlive);
    }

    public boolean isRoot() {
        return "root".equals(user);
    }
}
