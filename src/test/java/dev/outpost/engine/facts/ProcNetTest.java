package dev.outpost.engine.facts;

import dev.outpost.engine.facts.GatewayFacts.ListeningSocket;
import dev.outpost.engine.facts.GatewayFacts.Routes;
import dev.outpost.engine.facts.GatewayFacts.TriState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcNetTest {

    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode";

    @Test
    void tcpListenersAreFound() {
        List<String> table = List.of(TCP_HEADER,
                "   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
                "   1: 0100007F:192B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1",
                "   2: 0201A8C0:0016 0101A8C0:D431 01 00000000:00000000 02:000A7A2D 00000000     0        0 3 4");

        List<ListeningSocket> sockets = ProcNet.listening("tcp", table);

        assertThat(sockets).containsExactly(new ListeningSocket("tcp", "0.0.0.0", 22),
                new ListeningSocket("tcp", "127.0.0.1", 6443));
    }

    @Test
    void udpUnconnectedSocketsCount() {
        List<String> table = List.of("header",
                "  10: 00000000:2118 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 9 2");

        assertThat(ProcNet.listening("udp", table)).containsExactly(new ListeningSocket("udp", "0.0.0.0", 8472));
    }

    @Test
    void ipv6AddressesAreReadable() {
        assertThat(ProcNet.hexAddress("00000000000000000000000000000000")).isEqualTo("::");
        assertThat(ProcNet.hexAddress("B80D0120000000000000000001000000")).isEqualTo("2001:0db8:0000:0000:0000:0000:0000:0001");
    }

    @Test
    void malformedRowsAreSkipped() {
        List<String> table = List.of("   0: zzzz:0016 00000000:0000 0A", "garbage", "   1: 00000000:XYZ 0 0A");

        assertThat(ProcNet.listening("tcp", table)).isEmpty();
    }

    @Test
    void defaultRouteIsRead() {
        List<String> table = List.of("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");

        Routes routes = ProcNet.defaultRoutes(table, List.of());

        assertThat(routes.ipv4Interface()).isEqualTo("eth0");
        assertThat(routes.ipv4Gateway()).isEqualTo("192.0.2.1");
        assertThat(routes.hasDefault()).isTrue();
    }

    @Test
    void missingDefaultRouteIsNoRoute() {
        List<String> table = List.of("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");
        List<String> ipv6 = List.of("fe800000000000000000000000000000 40 00000000000000000000000000000000 00"
                + " 00000000000000000000000000000000 00000100 00000001 00000000 00000001 eth0",
                "00000000000000000000000000000000 00 00000000000000000000000000000000 00"
                + " 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200 lo");

        Routes routes = ProcNet.defaultRoutes(table, ipv6);

        assertThat(routes.ipv4Interface()).isNull();
        assertThat(routes.ipv6Default()).isEqualTo(TriState.NO);
        assertThat(routes.hasDefault()).isFalse();
    }
}
