package dev.outpost.ui;

import dev.outpost.engine.console.ConsoleException;
import dev.outpost.engine.console.ConsoleState;
import dev.outpost.engine.console.ConsoleTranscript;
import dev.outpost.engine.console.GatewayNetwork;
import dev.outpost.ui.common.GatewayConsoles;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the gateway's serial console: no port is opened. It replies like a Debian gateway whose
 * {@code eth1} has a cable but no address, accepts one user and password, and records what was asked of it.
 */
public final class FakeGatewayConsoles implements GatewayConsoles {

    public static final String PORT = "/dev/ttyUSB0";
    public static final String USER = "tech";
    public static final String PASSWORD = "console-secret";
    static final String LINKS = """
            1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default \
            qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
            2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc pfifo_fast state DOWN mode DEFAULT \
            group default qlen 1000\\    link/ether 02:42:ac:11:00:02 brd ff:ff:ff:ff:ff:ff
            3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast state UP mode DEFAULT \
            group default qlen 1000\\    link/ether 02:42:ac:11:00:03 brd ff:ff:ff:ff:ff:ff
            """;

    private final List<String> addresses = new CopyOnWriteArrayList<>(List.of(
            "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever",
            "3: eth1    inet6 fe80::42:acff:fe11:3/64 scope link \\       valid_lft forever preferred_lft forever"));
    private final List<String> setAddresses = new CopyOnWriteArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();
    private volatile ConsoleException openFailure;

    /** Makes every later open fail with this exception, as a silent or garbled console does. */
    public void failOpen(ConsoleException failure) {
        openFailure = failure;
    }

    /** Returns the addresses set, as {@code CIDR dev INTERFACE}. */
    public List<String> setAddresses() {
        return new ArrayList<>(setAddresses);
    }

    public int closedSessions() {
        return closed.get();
    }

    @Override
    public List<String> ports() {
        return List.of(PORT, "/dev/ttyS0");
    }

    @Override
    public ConsoleSession open(String port, OptionalInt baud, ConsoleTranscript transcript) throws ConsoleException {
        if (openFailure != null) {
            throw openFailure;
        }
        transcript.typed("⏎");
        transcript.received("Debian GNU/Linux 12 site-gw-01 ttyS0\n\nsite-gw-01 login: ");
        return new ConsoleSession() {
            @Override
            public ConsoleState state() {
                return ConsoleState.LOGIN_PROMPT;
            }

            @Override
            public int baud() {
                return baud.orElse(115_200);
            }

            @Override
            public void logIn(String user, char[] password) throws ConsoleException {
                transcript.typed(user + "⏎");
                transcript.received("Password: ");
                transcript.typed(ConsoleTranscript.MASK + "⏎");
                if (!USER.equals(user) || !PASSWORD.equals(new String(password))) {
                    transcript.received("\nLogin incorrect\nsite-gw-01 login: ");
                    throw new ConsoleException(ConsoleException.Kind.WRONG_CREDENTIALS, "The gateway refused the"
                            + " user or password. Check them with head office and try again; nothing was changed.");
                }
                transcript.received("\ntech@site-gw-01:~$ ");
            }

            @Override
            public GatewayNetwork readNetwork() {
                transcript.typed("ip -o link; ip -o addr; ip route⏎");
                return GatewayNetwork.parse("site-gw-01", LINKS, String.join("\n", addresses), "");
            }

            @Override
            public void setTemporaryAddress(String cidr, String interfaceName, char[] sudoPassword) {
                transcript.typed("sudo ip addr add " + cidr + " dev " + interfaceName + "⏎");
                transcript.typed(ConsoleTranscript.MASK + "⏎");
                setAddresses.add(cidr + " dev " + interfaceName);
                addresses.add("3: " + interfaceName + "    inet " + cidr + " scope global " + interfaceName
                        + "\\       valid_lft forever preferred_lft forever");
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
    }
}
