package dev.outpost.engine.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

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

    public ConnectionSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
        Objects.requireNonNull(knownHosts, "knownHosts");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("The gateway address is missing. Type the gateway's IP address or"
                    + " host name.");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("The port " + port + " is not valid. Use a number from 1 to 65535;"
                    + " SSH normally listens on 22.");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("The user name is missing. Type the gateway login, for example"
                    + " root or the technician account.");
        }
        host = host.trim();
        user = user.trim();
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
