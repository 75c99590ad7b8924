package dev.outpost.engine.gateway;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionSettingsTest {

    private static ConnectionSettings settings(String host, String user) {
        return ConnectionSettings.of(host, user, new Credentials.Password("pw".toCharArray()),
                new HostKeyPolicy.AcceptNew(), Path.of("known_hosts"));
    }

    @Test
    void validAddressesAreAccepted() {
        for (String host : List.of("192.168.8.1", "site-gw-01", "gw.store.example", "::1", "fe80::1%eth0",
                "2001:db8::2", "gw_01")) {
            assertThat(settings(host, "tech").host()).as(host).isEqualTo(host);
        }
    }

    @Test
    void bracketsAroundIpv6AreRemoved() {
        assertThat(settings("[::1]", "tech").host()).isEqualTo("::1");
    }

    @Test
    void invalidAddressesAreRejected() {
        for (String host : List.of("192.168.8.1 ; rm -rf /", "gw 01", "`id`", "gw\nINFO forged", "-oProxyCommand=x",
                "a".repeat(300), "198.18.1.2:22x", ".gw")) {
            assertThatThrownBy(() -> settings(host, "tech")).as(host)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a valid IP address or host name")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void overlongUserIsRejected() {
        assertThatThrownBy(() -> settings("192.168.8.1", "u".repeat(20_480)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 64 characters");
    }

    @Test
    void userWithSpaceIsRejected() {
        assertThatThrownBy(() -> settings("192.168.8.1", "tech nician"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not valid");
    }

    @Test
    void connectTimeoutIsBounded() {
        ConnectionSettings base = settings("192.168.8.1", "tech");

        assertThatThrownBy(() -> base.withTimeouts(Duration.ofSeconds(3_000_000), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Use 1 to 600 seconds");
        assertThatThrownBy(() -> base.withTimeouts(Duration.ZERO, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
