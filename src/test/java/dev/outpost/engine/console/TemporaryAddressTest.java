package dev.outpost.engine.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest
    @CsvSource({
        "fe80::1/64, fe80::1",
        "2001:db8:10:0::20/64, 2001:db8:10::20",
        "fd00:0050::1/64, fd00:50::1",
        "fd00:5::1/64, fd00:5::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001/64, 2001:db8::1",
        "2001:db8:0:0:1:0:0:1/64, 2001:db8::1:0:0:1",
        "2001:db8:0:1:0:0:0:1/64, 2001:db8:0:1::1",
        "2001:db8:0:1:1:1:1:1/64, 2001:db8:0:1:1:1:1:1",
        "2001:db8:a0:b00:c000:0:0:d/64, 2001:db8:a0:b00:c000::d",
        "fd00:10:20:30:40:50:60:70/64, fd00:10:20:30:40:50:60:70",
        "fd00:0:0:1:0:0:0:0/64, fd00:0:0:1::",
        "fd00:0:0:0:10:0:0:0/64, fd00::10:0:0:0",
        "2001:DB8:0:0:0:0:A:B/64, 2001:db8::a:b",
        "fd00::/8, fd00::",
        "fd10:100:1000::1/48, fd10:100:1000::1",
        "fe80:0:0:0:0:0:0:100/64, fe80::100"
    })
    void ipv6InCanonicalForm(String cidr, String expected) throws ConsoleException {
        TemporaryAddress address = TemporaryAddress.parse(cidr);

        assertThat(address.address()).isEqualTo(expected);
    }

    @Test
    void ipv6CanonicalFormParsesBackToSameAddress() throws Exception {
        var random = new java.util.Random(5952);
        for (int i = 0; i < 2000; i++) {
            StringBuilder full = new StringBuilder("fd");
            full.append(Integer.toHexString(random.nextInt(256)));
            for (int group = 1; group < 8; group++) {
                int kind = random.nextInt(4);
                int value = kind < 2 ? 0 : kind == 2 ? random.nextInt(16) << (4 * random.nextInt(4))
                        : random.nextInt(0x10000);
                full.append(':').append(Integer.toHexString(value));
            }
            String text = TemporaryAddress.parse(full + "/64").address();

            // A literal never causes a name lookup, so InetAddress only parses here.
            assertThat(java.net.InetAddress.getByName(text)).as(full.toString())
                    .isEqualTo(java.net.InetAddress.getByName(full.toString()));
            assertThat(text).as(full.toString()).doesNotContain(":::").doesNotMatch(".*(^|:)0[0-9a-f].*")
                    .doesNotMatch(".*::.*::.*");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"255.255.255.255/32", "10.0.0.0/24", "10.0.0.255/24", "10.0.0.127/25",
        "192.168.0.0/16", "172.31.255.255/12", "0.0.0.0/8", "0.1.2.3/8", "010.0.0.1/24", "10.0.0.01/24",
        "192.168.250.001/24"})
    void rejectsBroadcastNetworkAndLeadingZeros(String cidr) {
        assertThatThrownBy(() -> TemporaryAddress.parse(cidr))
                .isInstanceOf(ConsoleException.class)
                .hasMessageContaining(cidr.substring(0, cidr.indexOf('/')))
                .satisfies(e -> assertThat(((ConsoleException) e).kind())
                        .isEqualTo(ConsoleException.Kind.INVALID_ADDRESS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/24", "10.0.0.254/24", "10.0.0.0/31", "10.0.0.1/31", "10.0.0.0/32",
        "10.0.0.255/32", "10.0.1.0/23", "192.168.250.100/24"})
    void acceptsHostAddresses(String cidr) throws ConsoleException {
        assertThat(TemporaryAddress.parse(cidr)).hasToString(cidr);
    }
}
