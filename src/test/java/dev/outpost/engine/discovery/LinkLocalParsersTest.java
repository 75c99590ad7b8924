package dev.outpost.engine.discovery;

import dev.outpost.engine.platform.Ipv6Text;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LinkLocalParsersTest {

    private static final SearchedInterface CABLE = new SearchedInterface("op-ll-3", 7, List.of());

    @Test
    void linuxNeighbourTableKeepsDeviceEntries() {
        String table = """
                IP address       HW type     Flags       HW address            Mask     Device
                169.254.3.11     0x1         0x2         02:11:22:33:44:55     *        op-ll-3
                169.254.3.12     0x1         0x0         00:00:00:00:00:00     *        op-ll-3
                169.254.7.20     0x1         0x2         02:11:22:33:44:66     *        eth1
                192.0.2.1        0x1         0x2         02:fc:00:00:00:05     *        op-ll-3
                169.254.3.13     0x1         0x6         02:11:22:33:44:77     *        op-ll-3
                """;

        assertThat(NeighbourTable.parseLinux(table, "op-ll-3")).extracting(InetAddress::getHostAddress)
                .containsExactly("169.254.3.11", "169.254.3.13");
    }

    @Test
    void macosArpOutputKeepsTheInterfaceEntries() {
        String output = """
                ? (169.254.3.11) at 2:11:22:33:44:55 on en5 [ethernet]
                ? (169.254.3.12) at (incomplete) on en5 [ethernet]
                ? (169.254.255.255) at ff:ff:ff:ff:ff:ff on en5 [ethernet]
                ? (169.254.9.9) at 2:11:22:33:44:66 on en0 [ethernet]
                ? (10.0.0.1) at 2:11:22:33:44:77 on en5 ifscope [ethernet]
                """;

        assertThat(NeighbourTable.parseBsd(output, "en5")).extracting(InetAddress::getHostAddress)
                .containsExactly("169.254.3.11");
    }

    @Test
    void windowsArpOutputKeepsDynamicLinkLocalEntries() {
        String output = """

                Interface: 169.254.3.1 --- 0xc
                  Internet Address      Physical Address      Type
                  169.254.3.11          02-11-22-33-44-55     dynamic
                  169.254.255.255       ff-ff-ff-ff-ff-ff     static
                  224.0.0.251           01-00-5e-00-00-fb     static
                """;

        assertThat(NeighbourTable.parseWindows(output)).extracting(InetAddress::getHostAddress)
                .containsExactly("169.254.3.11");
    }

    @Test
    void linuxPingRepliesAreFoundOnce() {
        // Recorded from iputils 20221126 on Debian 12.
        String output = """
                PING ff02::1(ff02::1) from fe80::842d:7ff:fe28:cb47%op-ll-3 op-ll-3: 56 data bytes
                64 bytes from fe80::842d:7ff:fe28:cb47%op-ll-3: icmp_seq=1 ttl=64 time=0.040 ms
                64 bytes from fe80::d879:e0ff:fe33:5f2c%op-ll-3: icmp_seq=1 ttl=64 time=0.311 ms
                64 bytes from fe80::d879:e0ff:fe33:5f2c%op-ll-3: icmp_seq=2 ttl=64 time=0.074 ms

                --- ff02::1 ping statistics ---
                2 packets transmitted, 2 received, +2 duplicates, 0% packet loss, time 1018ms
                """;

        assertThat(AllNodesPing.parseReplies(output)).extracting(address -> Ipv6Text.canonical(
                address.getAddress())).containsExactly("fe80::842d:7ff:fe28:cb47", "fe80::d879:e0ff:fe33:5f2c");
    }

    @Test
    void macosPingRepliesSkipTheHeader() {
        String output = """
                PING6(56=40+8+8 bytes) fe80::1c:aaaa:bbbb:cccc%en5 --> ff02::1
                16 bytes from fe80::1c:aaaa:bbbb:cccc%en5, icmp_seq=0 hlim=64 time=0.123 ms
                16 bytes from fe80::d879:e0ff:fe33:5f2c%en5, icmp_seq=0 hlim=64 time=1.234 ms(DUP!)
                """;

        assertThat(AllNodesPing.parseReplies(output)).extracting(address -> Ipv6Text.canonical(
                address.getAddress())).containsExactly("fe80::1c:aaaa:bbbb:cccc", "fe80::d879:e0ff:fe33:5f2c");
    }

    @Test
    void windowsPingRepliesAreFound() {
        String output = """

                Pinging ff02::1%12 with 32 bytes of data:
                Reply from fe80::d879:e0ff:fe33:5f2c%12: time<1ms
                Reply from fe80::d879:e0ff:fe33:5f2c%12: time=1ms

                Ping statistics for ff02::1%12:
                    Packets: Sent = 2, Received = 2, Lost = 0 (0% loss),
                """;

        assertThat(AllNodesPing.parseReplies(output)).extracting(address -> Ipv6Text.canonical(
                address.getAddress())).containsExactly("fe80::d879:e0ff:fe33:5f2c");
    }

    @Test
    void pingWithoutRepliesFindsNothing() {
        String output = """
                PING ff02::1(ff02::1) from :: op-ll-3: 56 data bytes

                --- ff02::1 ping statistics ---
                2 packets transmitted, 0 received, 100% packet loss, time 1010ms
                """;

        assertThat(AllNodesPing.parseReplies(output)).isEmpty();
    }

    @Test
    void pingCommandNamesTheInterfaceOnEverySystem() {
        Path ping = Path.of("/usr/bin/ping");

        assertThat(AllNodesPing.command(AllNodesPing.Flavour.LINUX, ping, CABLE))
                .containsExactly("/usr/bin/ping", "-6", "-n", "-c", "2", "-w", "2", "-I", "op-ll-3", "ff02::1");
        assertThat(AllNodesPing.command(AllNodesPing.Flavour.MACOS, ping, CABLE))
                .containsSubsequence("-I", "op-ll-3", "ff02::1");
        assertThat(AllNodesPing.command(AllNodesPing.Flavour.WINDOWS, ping, CABLE)).last().isEqualTo("ff02::1%7");
    }

    @Test
    void addressTextNeverAcceptsNames() {
        assertThat(AddressText.parseIpv4("169.254.3.11")).isPresent();
        assertThat(AddressText.parseIpv4("999.1.1.1")).isEmpty();
        assertThat(AddressText.parseIpv4("gateway.local")).isEmpty();
        assertThat(AddressText.parseIpv6("fe80::1")).isPresent();
        assertThat(AddressText.parseIpv6("fe80:abcd")).isEmpty();
        assertThat(AddressText.parseIpv6("fe80::1::2")).isEmpty();
        assertThat(AddressText.parseIpv6("fe80:0:0:0:0:0:0:1")).isPresent();
    }

    @Test
    void ipv6IsWrittenInTheShortForm() throws Exception {
        assertThat(Ipv6Text.canonical(InetAddress.getByName("fe80:0:0:0:0:0:0:1").getAddress()))
                .isEqualTo("fe80::1");
        assertThat(Ipv6Text.canonical(InetAddress.getByName("2001:db8:0:1:0:0:0:1").getAddress()))
                .isEqualTo("2001:db8:0:1::1");
        assertThat(Ipv6Text.canonical(InetAddress.getByName("2001:db8:0:1:1:1:1:1").getAddress()))
                .isEqualTo("2001:db8:0:1:1:1:1:1");
    }
}
