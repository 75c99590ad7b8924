package dev.outpost.engine.gateway;

import com.jcraft.jsch.JSchException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Maps the exceptions JSch raises while connecting to the failure a person can act on. */
class GatewayConnectorTest {

    private final ConnectionSettings settings = ConnectionSettings.of("192.168.8.1", "tech",
            new Credentials.Password("pw".toCharArray()), new HostKeyPolicy.AcceptNew(), Path.of("known_hosts"));
    private final HostKeyTrust untouched = new HostKeyTrust(null, Path.of("known_hosts"),
            new HostKeyPolicy.AcceptNew(), "192.168.8.1", 22);

    private GatewayException explain(Throwable cause) {
        return GatewayConnector.explain(new JSchException(String.valueOf(cause), cause), settings, untouched);
    }

    @Test
    void networkUnreachableIsUnreachable() {
        GatewayException e = explain(new SocketException("Network is unreachable"));

        assertThat(e.failure()).isEqualTo(GatewayFailure.UNREACHABLE);
        assertThat(e.getMessage()).contains("cannot reach the address 192.168.8.1");
    }

    @Test
    void refusedIsRefused() {
        assertThat(explain(new ConnectException("Connection refused")).failure())
                .isEqualTo(GatewayFailure.CONNECTION_REFUSED);
    }

    @Test
    void unknownNameIsNotFound() {
        assertThat(explain(new UnknownHostException("gw.example")).failure())
                .isEqualTo(GatewayFailure.HOST_NOT_FOUND);
    }

    @Test
    void timeoutIsTimeout() {
        assertThat(explain(new SocketTimeoutException("connect timed out")).failure())
                .isEqualTo(GatewayFailure.CONNECT_TIMED_OUT);
    }

    @Test
    void closedDuringHandshakeIsNamed() {
        GatewayException e = explain(new SocketException("Connection reset"));

        assertThat(e.failure()).isEqualTo(GatewayFailure.HANDSHAKE_FAILED);
        assertThat(explain(new EOFException()).failure()).isEqualTo(GatewayFailure.HANDSHAKE_FAILED);
    }
}
