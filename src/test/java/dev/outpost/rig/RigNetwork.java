package dev.outpost.rig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network of one gateway: a namespace, a veth pair whose gateway end is {@code eth0} inside it, and the knobs
 * that tests turn. Nothing here forwards or translates traffic, and nothing touches an interface the rig did not
 * create.
 *
 * <p>An unreachable route for the slot's /30 with a high metric stays on the host while the gateway lives: when
 * the host link is down and the kernel drops the connected route, traffic to the gateway fails on the host ("No
 * route to host") instead of following the host's default route out of the machine.
 */
final class RigNetwork {

    private static final Logger LOG = LoggerFactory.getLogger(RigNetwork.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String GUARD_METRIC = "4242";
    private static final Pattern NAMESPACE = Pattern.compile("^outpost-rig-(\\d+)\\b", Pattern.MULTILINE);
    private static final Pattern HOST_LINK = Pattern.compile("^\\d+: op-rig-(\\d+)-h[@:]", Pattern.MULTILINE);
    private static final Pattern LINK_FLAGS = Pattern.compile("<([^>]*)>");
    private static Boolean latencySupported;

    private RigNetwork() {
    }

    /** Creates the namespace, the veth pair and the addresses, and the default route if {@code defaultRoute}. */
    static void setUp(RigSlot slot, boolean defaultRoute) {
        String ns = slot.namespace();
        String host = slot.hostLink();
        ip("netns", "add", ns);
        ip("link", "add", host, "type", "veth", "peer", "name", "eth0", "netns", ns);
        confine(host);
        ip("addr", "add", slot.hostAddress() + "/30", "dev", host);
        ip("link", "set", host, "up");
        ip("route", "add", "unreachable", slot.subnet(), "metric", GUARD_METRIC);
        ip("-n", ns, "link", "set", "lo", "up");
        ip("-n", ns, "addr", "add", slot.gatewayAddress() + "/30", "dev", "eth0");
        ip("-n", ns, "link", "set", "eth0", "up");
        if (defaultRoute) {
            ip("-n", ns, "route", "add", "default", "via", slot.hostAddress());
        }
    }

    /**
     * Keeps the host end of the link to itself: no IPv6 on it, and no forwarding of what arrives on it, whatever
     * the host's global setting is.
     */
    private static void confine(String hostLink) {
        writeSysctl(Path.of("/proc/sys/net/ipv6/conf", hostLink, "disable_ipv6"), "1");
        writeSysctl(Path.of("/proc/sys/net/ipv4/conf", hostLink, "forwarding"), "0");
        try {
            if (!"0".equals(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")).strip())) {
                LOG.warn("The host forwards IPv4; the rig turned forwarding off on {} only.", hostLink);
            }
        } catch (IOException e) {
            LOG.debug("The rig could not read the host's ip_forward setting.", e);
        }
    }

    /**
     * Plugs the gateway into a segment: a veth pair whose host end {@code op-ll-K-gN} is a port of the segment's
     * bridge and whose gateway end is {@code eth1}, with {@code 169.254.K.(10+N)/16} and its IPv6 link-local
     * address. Returns once that IPv6 address is no longer tentative.
     *
     * @return the gateway's IPv4 address on the segment
     */
    static String plugInto(RigSlot slot, RigSegment segment) {
        int host = 10 + slot.number();
        if (host > 254) {
            throw new GatewayRigException("Gateway slot " + slot.number() + " has no address on a segment; only"
                    + " slots up to 244 do.");
        }
        String ns = slot.namespace();
        String port = segment.interfaceName() + "-g" + slot.number();
        String address = "169.254." + segment.number() + "." + host;
        ip("link", "add", port, "type", "veth", "peer", "name", "eth1", "netns", ns);
        writeSysctl(Path.of("/proc/sys/net/ipv6/conf", port, "disable_ipv6"), "1");
        writeSysctl(Path.of("/proc/sys/net/ipv4/conf", port, "forwarding"), "0");
        ip("link", "set", port, "master", segment.interfaceName(), "up");
        ip("-n", ns, "addr", "add", address + "/16", "dev", "eth1");
        ip("-n", ns, "link", "set", "eth1", "up");
        RigSegment.awaitIpv6(ns, "eth1");
        return address;
    }

    /** Returns the gateway's IPv6 link-local address on {@code eth1}, without a scope. */
    static String segmentIpv6Address(RigSlot slot) {
        return RigSegment.linkLocalIpv6(ip("-n", slot.namespace(), "-6", "-o", "addr", "show", "dev", "eth1",
                "scope", "link"));
    }

    private static void writeSysctl(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new GatewayRigException("The rig could not set " + file + " to " + value + ".", e);
        }
    }

    /** Removes the link, the unreachable route and the namespace of a slot; each only if it exists. */
    static void tearDown(RigSlot slot) {
        if (linkExists(slot.hostLink())) {
            ipQuietly("link", "del", slot.hostLink());
        }
        String routes = ip("route", "show", "exact", slot.subnet(), "type", "unreachable");
        if (!routes.isBlank()) {
            ipQuietly("route", "del", "unreachable", slot.subnet(), "metric", GUARD_METRIC);
        }
        if (slotsWithNamespace().contains(slot.number())) {
            ipQuietly("netns", "del", slot.namespace());
        }
    }

    static Set<Integer> slotsWithNamespace() {
        return numbers(NAMESPACE, ip("netns", "list"));
    }

    static Set<Integer> slotsWithHostLink() {
        return numbers(HOST_LINK, ip("-o", "link", "show"));
    }

    static boolean linkExists(String name) {
        return HostCommand.run(TIMEOUT, Tools.path("ip"), "link", "show", "dev", name).succeeded();
    }

    /** Tells whether any host interface, other than this slot's own link, has an address in the slot's /30. */
    static boolean addressInUse(RigSlot slot) {
        String prefix = "198.18." + slot.number() + ".";
        return ip("-o", "-4", "addr", "show").lines()
                .filter(line -> !line.contains(" " + slot.hostLink() + " "))
                .anyMatch(line -> line.contains(" " + prefix));
    }

    /** Tells whether the host side of the link is administratively up, which it is unless the cable is pulled. */
    static boolean linkIsUp(RigSlot slot) {
        Matcher flags = LINK_FLAGS.matcher(ip("-o", "link", "show", "dev", slot.hostLink()));
        return flags.find() && List.of(flags.group(1).split(",")).contains("UP");
    }

    static void setLinkUp(RigSlot slot, boolean up) {
        ip("link", "set", slot.hostLink(), up ? "up" : "down");
    }

    static void setDefaultRoute(RigSlot slot, boolean present) {
        if (present) {
            ip("-n", slot.namespace(), "route", "replace", "default", "via", slot.hostAddress());
        } else if (!ip("-n", slot.namespace(), "route", "show", "default").isBlank()) {
            ip("-n", slot.namespace(), "route", "del", "default");
        }
    }

    /** Delays, and drops a share of, what the host sends to the gateway, with netem on the host link. */
    static void setLatency(RigSlot slot, Duration delay, double lossPercent) {
        if (delay.isNegative() || lossPercent < 0 || lossPercent > 100) {
            throw new IllegalArgumentException("The delay must not be negative and the loss must be 0..100 %.");
        }
        requireLatencySupport(slot);
        String micros = (delay.toNanos() / 1000) + "us";
        String loss = String.format(Locale.ROOT, "%.4f%%", lossPercent);
        tc("qdisc", "replace", "dev", slot.hostLink(), "root", "netem", "delay", micros, "loss", loss)
                .requireSuccess();
    }

    static void clearLatency(RigSlot slot) {
        if (tc("qdisc", "show", "dev", slot.hostLink(), "root").stdout().contains("netem")) {
            tc("qdisc", "del", "dev", slot.hostLink(), "root").requireSuccess();
        }
    }

    /** Tells whether the kernel has the netem queueing discipline, by trying it once on this slot's link. */
    static synchronized boolean latencySupported(RigSlot slot) {
        if (latencySupported == null) {
            ExecResult probe = tc("qdisc", "add", "dev", slot.hostLink(), "root", "netem", "delay", "0us");
            latencySupported = probe.succeeded();
            if (probe.succeeded()) {
                tc("qdisc", "del", "dev", slot.hostLink(), "root");
            } else {
                LOG.warn("This kernel cannot add latency: tc said `{}`.", probe.stderr().strip());
            }
        }
        return latencySupported;
    }

    private static void requireLatencySupport(RigSlot slot) {
        if (!latencySupported(slot)) {
            throw new UnsupportedOperationException("This host's kernel has no netem queueing discipline "
                    + "(CONFIG_NET_SCH_NETEM), so the rig cannot add latency or loss.");
        }
    }

    private static ExecResult tc(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = Tools.path("tc");
        System.arraycopy(args, 0, argv, 1, args.length);
        return HostCommand.run(TIMEOUT, argv);
    }

    private static String ip(String... args) {
        return ipResult(args).requireSuccess().stdout();
    }

    private static void ipQuietly(String... args) {
        ExecResult result = ipResult(args);
        if (!result.succeeded()) {
            LOG.warn("The rig could not run `{}`: {}", result.command(), result.stderr().strip());
        }
    }

    private static ExecResult ipResult(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = Tools.path("ip");
        System.arraycopy(args, 0, argv, 1, args.length);
        return HostCommand.run(TIMEOUT, argv);
    }

    private static Set<Integer> numbers(Pattern pattern, String text) {
        Set<Integer> found = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            int n = Integer.parseInt(matcher.group(1));
            if (n >= RigSlot.FIRST && n <= RigSlot.LAST) {
                found.add(n);
            }
        }
        return found;
    }
}
