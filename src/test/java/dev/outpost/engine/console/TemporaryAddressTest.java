package dev.outpost.engine.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Address and interface checks made before anything is typed at the console. */
class TemporaryAddressTest {

    @Test
    void parsesIpv4() throws ConsoleException {
        TemporaryAddress address = TemporaryAddress.parse(" 192.168.250.1/24 ");

        assertThat(address.address()).isEqualTo("192.168.250.1");
        assertThat(address.prefix()).isEqualTo(24);
        assertThat(address.ipv6()).isFalse();
        assertThat(address).hasToString("192.168.250.1/24");
    }

    @Test
    void parsesIpv6InIpForm() throws ConsoleException {
        TemporaryAddress address = TemporaryAddress.parse("FD00:0005:0:0:0:0:0:1/64");

        assertThat(address.address()).isEqualTo("fd00:5::1");
        assertThat(address.ipv6()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "192.168.250.1", "192.168.250.1/", "192.168.250.1/33", "192.168.250.1/0",
        "256.1.1.1/24", "192.168.250/24", "gateway.local/24", "127.0.0.1/8", "224.0.0.1/4", "0.0.0.0/0",
        "fd00::1/129", "192.168.1.1/24; reboot", "::1/128", "1.2.3.4/24/1"})
    void rejectsInvalid(String cidr) {
        assertThatThrownBy(() -> TemporaryAddress.parse(cidr))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining("192.168.250.1/24")
                .satisfies(e -> assertThat(((ConsoleException) e).kind())
                        .isEqualTo(ConsoleException.Kind.INVALID_ADDRESS));
    }

    @Test
    void interfaceNamesSafeForShell() {
        assertThat(TemporaryAddress.isPlausibleInterfaceName("eth0")).isTrue();
        assertThat(TemporaryAddress.isPlausibleInterfaceName("enp2s0.100")).isTrue();
        assertThat(TemporaryAddress.isPlausibleInterfaceName("br-lan_1")).isTrue();
        assertThat(TemporaryAddress.isPlausibleInterfaceName("eth0;reboot")).isFalse();
        assertThat(TemporaryAddress.isPlausibleInterfaceName("eth0 up")).isFalse();
        assertThat(TemporaryAddress.isPlausibleInterfaceName("averyveryverylongname")).isFalse();
        assertThat(TemporaryAddress.isPlausibleInterfaceName("")).isFalse();
        assertThat(TemporaryAddress.isPlausibleInterfaceName(null)).isFalse();
    }

    @Test
    void neighbourInSameNetwork() throws ConsoleException {
        assertThat(TemporaryAddress.parse("192.168.250.1/24").neighbour()).contains("192.168.250.2/24");
        assertThat(TemporaryAddress.parse("192.168.250.254/24").neighbour()).contains("192.168.250.253/24");
        assertThat(TemporaryAddress.parse("10.0.0.1/30").neighbour()).contains("10.0.0.2/30");
        assertThat(TemporaryAddress.parse("10.0.0.2/30").neighbour()).contains("10.0.0.1/30");
        assertThat(TemporaryAddress.parse("10.0.0.4/31").neighbour()).contains("10.0.0.5/31");
        assertThat(TemporaryAddress.parse("10.0.0.4/32").neighbour()).isEmpty();
        assertThat(TemporaryAddress.parse("fd00:5::1/64").neighbour()).isEmpty();
    }
}
