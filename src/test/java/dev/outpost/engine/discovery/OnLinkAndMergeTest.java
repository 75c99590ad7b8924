package dev.outpost.engine.discovery;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OnLinkAndMergeTest {

    private static final DiscoveredGateway.Source MDNS = DiscoveredGateway.Source.MDNS;
    private static final DiscoveredGateway.Source LINK_LOCAL = DiscoveredGateway.Source.LINK_LOCAL;

    private static InetAddress address(String text) {
        return (text.contains(":") ? AddressText.parseIpv6(text) : AddressText.parseIpv4(text)).orElseThrow();
    }

    private static SearchedInterface siteLan() {
        return new SearchedInterface("eth1", 3, List.of(
                new SearchedInterface.LinkAddress(address("192.168.40.7"), 24),
                new SearchedInterface.LinkAddress(address("fe80::1"), 64)));
    }

    @Test
    void onLinkAcceptsOwnSubnetAndLinkLocal() {
        SearchedInterface lan = siteLan();

        assertThat(lan.isOnLink(address("192.168.40.20"))).isTrue();
        assertThat(lan.isOnLink(address("169.254.3.11"))).isTrue();
        assertThat(lan.isOnLink(address("fe80::d879:e0ff:fe33:5f2c"))).isTrue();
    }

    @Test
    void onLinkRejectsEverythingElse() {
        SearchedInterface lan = siteLan();

        assertThat(lan.isOnLink(address("192.168.41.20"))).as("another subnet").isFalse();
        assertThat(lan.isOnLink(address("10.0.0.1"))).as("a routed address").isFalse();
        assertThat(lan.isOnLink(address("2001:db8::1"))).as("a global IPv6 address").isFalse();
        assertThat(lan.isOnLink(address("192.168.40.7"))).as("the laptop itself").isFalse();
        assertThat(lan.isOnLink(address("fe80::1"))).as("the laptop's link-local address").isFalse();
        assertThat(lan.isOnLink(address("192.168.40.255"))).as("the broadcast address").isFalse();
        assertThat(lan.isOnLink(address("224.0.0.251"))).as("mDNS multicast").isFalse();
        assertThat(lan.isOnLink(address("169.254.169.254"))).as("the metadata service").isFalse();
    }

    @Test
    void linkLocalOnlyMeansNoOtherIpv4Address() {
        SearchedInterface cable = new SearchedInterface("op-ll-3", 9, List.of(
                new SearchedInterface.LinkAddress(address("169.254.3.1"), 16),
                new SearchedInterface.LinkAddress(address("fe80::2"), 64)));

        assertThat(cable.isLinkLocalOnly()).isTrue();
        assertThat(siteLan().isLinkLocalOnly()).isFalse();
        assertThat(cable.text(address("fe80::d879:e0ff:fe33:5f2c"))).isEqualTo("fe80::d879:e0ff:fe33:5f2c%op-ll-3");
        assertThat(cable.text(address("169.254.3.11"))).isEqualTo("169.254.3.11");
    }

    private static GatewayMerge.Answer answer(String name, String address, DiscoveredGateway.Source source,
            String fingerprint) {
        return new GatewayMerge.Answer(Optional.ofNullable(name), address, 22, "op-ll-3", source,
                Optional.ofNullable(fingerprint), Optional.of("SSH-2.0-OpenSSH_9.2p1"));
    }

    @Test
    void answersWithOneHostKeyBecomeOneGateway() {
        List<DiscoveredGateway> gateways = GatewayMerge.merge(List.of(
                answer(null, "fe80::d879:e0ff:fe33:5f2c%op-ll-3", LINK_LOCAL, "SHA256:one"),
                answer("site-gw-01", "169.254.3.11", MDNS, "SHA256:one"),
                answer(null, "169.254.3.11", LINK_LOCAL, "SHA256:one")));

        assertThat(gateways).hasSize(1);
        DiscoveredGateway gateway = gateways.get(0);
        assertThat(gateway.name()).contains("site-gw-01");
        assertThat(gateway.addresses()).containsExactly("169.254.3.11", "fe80::d879:e0ff:fe33:5f2c%op-ll-3");
        assertThat(gateway.foundBy()).containsExactlyInAnyOrder(MDNS, LINK_LOCAL);
        assertThat(gateway.hostKeyFingerprint()).contains("SHA256:one");
    }

    @Test
    void differentHostKeysStayApartInStableOrder() {
        List<GatewayMerge.Answer> answers = List.of(
                answer(null, "169.254.3.12", LINK_LOCAL, "SHA256:two"),
                answer("site-gw-02", "169.254.3.13", MDNS, "SHA256:three"),
                answer("site-gw-01", "169.254.3.11", MDNS, "SHA256:one"));

        List<DiscoveredGateway> gateways = GatewayMerge.merge(answers);

        assertThat(gateways).extracting(DiscoveredGateway::address)
                .containsExactly("169.254.3.11", "169.254.3.13", "169.254.3.12");
        assertThat(GatewayMerge.merge(List.of(answers.get(2), answers.get(0), answers.get(1)))).isEqualTo(gateways);
    }

    @Test
    void keylessAnswerJoinsByName() {
        List<DiscoveredGateway> gateways = GatewayMerge.merge(List.of(
                answer("site-gw-01", "169.254.3.11", MDNS, "SHA256:one"),
                answer("site-gw-01", "fe80::5%op-ll-3", MDNS, null),
                answer("site-gw-09", "169.254.3.19", MDNS, null)));

        assertThat(gateways).hasSize(2);
        assertThat(gateways.get(0).addresses()).containsExactly("169.254.3.11", "fe80::5%op-ll-3");
        assertThat(gateways.get(1).name()).contains("site-gw-09");
        assertThat(gateways.get(1).hostKeyFingerprint()).isEmpty();
    }

    private static GatewayMerge.Answer heard(String interfaceName, String address, String fingerprint) {
        Optional<String> banner = fingerprint == null ? Optional.empty() : Optional.of("SSH-2.0-OpenSSH_9.2p1");
        return new GatewayMerge.Answer(Optional.of("site-gw"), address, 22, interfaceName, MDNS,
                Optional.ofNullable(fingerprint), banner);
    }

    @Test
    void sameKeyOnTwoInterfacesStaysApart() {
        List<DiscoveredGateway> gateways = GatewayMerge.merge(List.of(
                heard("op-ll-1", "169.254.1.11", "SHA256:cloned"),
                heard("op-ll-2", "169.254.2.13", "SHA256:cloned"),
                heard("op-ll-2", "fe80::b%op-ll-2", "SHA256:cloned"),
                heard("op-ll-1", "fe80::a%op-ll-1", "SHA256:cloned")));

        assertThat(gateways).hasSize(2);
        assertThat(gateways.get(0).interfaceName()).isEqualTo("op-ll-1");
        assertThat(gateways.get(0).addresses()).containsExactly("169.254.1.11", "fe80::a%op-ll-1");
        assertThat(gateways.get(1).interfaceName()).isEqualTo("op-ll-2");
        assertThat(gateways.get(1).addresses()).containsExactly("169.254.2.13", "fe80::b%op-ll-2");
    }

    @Test
    void silentAddressesLeaveAnsweringGateway() {
        List<DiscoveredGateway> gateways = GatewayMerge.merge(List.of(
                heard("op-ll-1", "169.254.1.11", "SHA256:one"),
                heard("op-ll-1", "fe80::b%op-ll-1", null),
                heard("op-ll-1", "fe80::a%op-ll-1", "SHA256:one")));

        assertThat(gateways).hasSize(1);
        assertThat(gateways.get(0).addresses()).containsExactly("169.254.1.11", "fe80::a%op-ll-1");
    }

    @Test
    void silentGatewayKeepsItsAddresses() {
        List<DiscoveredGateway> gateways = GatewayMerge.merge(List.of(
                heard("op-ll-1", "169.254.1.11", null),
                heard("op-ll-1", "fe80::a%op-ll-1", null)));

        assertThat(gateways).hasSize(1);
        assertThat(gateways.get(0).addresses()).containsExactly("169.254.1.11", "fe80::a%op-ll-1");
        assertThat(gateways.get(0).hostKeyFingerprint()).isEmpty();
    }

    @Test
    void ipv4SortsBeforeIpv6AndNumerically() {
        assertThat(List.of("fe80::1%x", "169.254.3.100", "169.254.3.20").stream()
                .sorted(java.util.Comparator.comparing(GatewayMerge::addressOrder)).toList())
                .containsExactly("169.254.3.20", "169.254.3.100", "fe80::1%x");
    }
}
