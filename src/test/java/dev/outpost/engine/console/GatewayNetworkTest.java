package dev.outpost.engine.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing of {@code ip -o} output recorded on Debian 12 (iproute2 6.1), with the terminal's echo already removed. */
class GatewayNetworkTest {

    private static final String LINKS = """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\\
                link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            2: eth0@if225: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group \
            default qlen 1000\\    link/ether fe:e5:5d:6c:d7:ef brd ff:ff:ff:ff:ff:ff link-netnsid 0
            3: enp2s0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel state DOWN mode DEFAULT group \
            default qlen 1000\\    link/ether 00:E0:4C:68:01:02 brd ff:ff:ff:ff:ff:ff
            4: wwan0: <POINTOPOINT,NOARP> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\\\
                link/none
            """;
    private static final String ADDRESSES = """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever
            2: eth0    inet 198.18.1.2/30 scope global eth0\\       valid_lft forever preferred_lft forever
            2: eth0    inet 192.168.250.1/24 scope global eth0\\       valid_lft forever preferred_lft forever
            2: eth0    inet6 fd00:5::1/64 scope global \\       valid_lft forever preferred_lft forever
            2: eth0    inet6 fe80::fce5:5dff:fe6c:d7ef/64 scope link \\       valid_lft forever preferred_lft forever
            """;
    private static final String ROUTES = """
            default via 198.18.1.1 dev eth0 proto static metric 100
            198.18.1.0/30 dev eth0 proto kernel scope link src 198.18.1.2
            """;

    @Test
    void parsesInterfacesInOrder() {
        GatewayNetwork network = GatewayNetwork.parse("site-gw-01\n", LINKS, ADDRESSES, ROUTES);

        assertThat(network.hostName()).isEqualTo("site-gw-01");
        assertThat(network.interfaces()).extracting(GatewayNetwork.NetworkInterface::name)
                .containsExactly("lo", "eth0", "enp2s0", "wwan0");
    }

    @Test
    void parsesLinkStateAndMac() {
        GatewayNetwork network = GatewayNetwork.parse("gw", LINKS, ADDRESSES, ROUTES);

        GatewayNetwork.NetworkInterface eth0 = network.find("eth0").orElseThrow();
        assertThat(eth0.up()).isTrue();
        assertThat(eth0.carrier()).isTrue();
        assertThat(eth0.mac()).isEqualTo("fe:e5:5d:6c:d7:ef");
        GatewayNetwork.NetworkInterface unplugged = network.find("enp2s0").orElseThrow();
        assertThat(unplugged.up()).isTrue();
        assertThat(unplugged.carrier()).isFalse();
        assertThat(unplugged.mac()).isEqualTo("00:e0:4c:68:01:02");
        GatewayNetwork.NetworkInterface modem = network.find("wwan0").orElseThrow();
        assertThat(modem.up()).isFalse();
        assertThat(modem.mac()).isNull();
    }

    @Test
    void parsesAddressesWithPrefix() {
        GatewayNetwork network = GatewayNetwork.parse("gw", LINKS, ADDRESSES, ROUTES);

        assertThat(network.find("eth0").orElseThrow().addresses()).containsExactly(
                new GatewayNetwork.Address(false, "198.18.1.2", 30),
                new GatewayNetwork.Address(false, "192.168.250.1", 24),
                new GatewayNetwork.Address(true, "fd00:5::1", 64),
                new GatewayNetwork.Address(true, "fe80::fce5:5dff:fe6c:d7ef", 64));
        assertThat(network.find("enp2s0").orElseThrow().addresses()).isEmpty();
        assertThat(network.holderOf("192.168.250.1").orElseThrow().name()).isEqualTo("eth0");
        assertThat(network.holderOf("FD00:5::1").orElseThrow().name()).isEqualTo("eth0");
        assertThat(network.holderOf("10.0.0.1")).isEmpty();
    }

    @Test
    void parsesDefaultRoute() {
        assertThat(GatewayNetwork.parse("gw", LINKS, ADDRESSES, ROUTES).defaultRoute())
                .contains(new GatewayNetwork.Route("198.18.1.1", "eth0"));
        assertThat(GatewayNetwork.parse("gw", LINKS, ADDRESSES, "default dev ppp0 scope link\n").defaultRoute())
                .contains(new GatewayNetwork.Route(null, "ppp0"));
        assertThat(GatewayNetwork.parse("gw", LINKS, ADDRESSES, "198.18.1.0/30 dev eth0\n").defaultRoute())
                .isEmpty();
    }

    @Test
    void skipsPromptsAndNoise() {
        GatewayNetwork network = GatewayNetwork.parse("gw", "tech@gw:~$ \n" + LINKS + "\n\n",
                "Cannot find device\n" + ADDRESSES, ROUTES);

        assertThat(network.interfaces()).hasSize(4);
    }
}
