package dev.outpost.rig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A "laptop cable" for the discovery tests: a bridge {@code op-ll-K} on the host with only the link-local IPv4
 * address {@code 169.254.K.1/16} and its automatic IPv6 link-local address, like a laptop's Ethernet port when no
 * DHCP server responds. Gateways join it with {@link RigGateway#plugInto(RigSegment)}; two or more can share it.
 *
 * <p>The bridge floods multicast (snooping off) so mDNS reaches every port, forwards nothing to other host
 * interfaces, and accepts no router advertisements. A stub port {@code op-ll-K-s} keeps its carrier up while no
 * gateway is plugged in, so its IPv6 address leaves the tentative state and the host can ping from it. The stub's
 * peer sits in the namespace {@code outpost-seg-K} with only an IPv6 link-local address and no SSH server, like a
 * device on the cable that is not a gateway. K runs from
 * 1 to 254 without 169, so that no address of the segment is 169.254.169.254, the cloud metadata service.
 *
 * <p>A segment is held through a lock on {@code /run/outpost-rig/segments/K.lock}, which the kernel releases when
 * the holding JVM dies; the next run removes the bridges of dead runs. Each segment routes its own
 * {@code 169.254.K.0/24} to its bridge, so several segments can exist at once; {@link #create()} fails when the
 * host would route that /24 elsewhere.
 */
public final class RigSegment implements AutoCloseable {

    static final int FIRST = 1;
    static final int LAST = 254;
    private static final int METADATA_OCTET = 169;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DAD_LIMIT = Duration.ofSeconds(10);
    private static final Pattern BRIDGE = Pattern.compile("^\\d+: op-ll-(\\d+)[@:]", Pattern.MULTILINE);
    private static final Pattern STUB_NAMESPACE = Pattern.compile("^outpost-seg-(\\d+)\\b", Pattern.MULTILINE);
    private static final Logger LOG = LoggerFactory.getLogger(RigSegment.class);
    private static final Set<Integer> HELD_HERE = new HashSet<>();
    private static final Set<RigSegment> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean swept;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Set.copyOf(LIVE).forEach(RigSegment::close),
                "outpost-rig-segment-shutdown"));
    }

    private final int number;
    private final FileChannel channel;
    private final FileLock lock;
    private volatile boolean closed;

    private RigSegment(int number, FileChannel channel, FileLock lock) {
        this.number = number;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates a segment with the lowest free number, after removing the segments that dead runs left. */
    public static RigSegment create() {
        Tools.requireUsableHost();
        RigSegment segment = acquire();
        try {
            LIVE.add(segment);
            segment.setUp();
            return segment;
        } catch (RuntimeException e) {
            segment.close();
            throw e;
        }
    }

    /** Returns the host's interface for this segment, {@code op-ll-K}. */
    public String interfaceName() {
        return interfaceName(number);
    }

    /** Returns the name of the bridge port to the segment's stub, {@code op-ll-K-s}, which has no address. */
    public String stubPortName() {
        return stubPort(number);
    }

    /**
     * Turns a link of this segment on or off, as {@code ip link set LINK up|down} does.
     *
     * @param link the segment's bridge ({@link #interfaceName()}) or its stub port ({@link #stubPortName()})
     * @throws IllegalArgumentException for any other link, so a test never changes an interface it did not make
     */
    public void setLinkUp(String link, boolean up) {
        if (!link.equals(interfaceName()) && !link.equals(stubPortName())) {
            throw new IllegalArgumentException(link + " is not a link of segment " + interfaceName() + ".");
        }
        ip("link", "set", link, up ? "up" : "down");
    }

    /** Returns the host's link-local IPv4 address on the segment, {@code 169.254.K.1}. */
    public String hostAddress() {
        return "169.254." + number + ".1";
    }

    int number() {
        return number;
    }

    /** Returns the host's IPv6 link-local address on the segment, with the interface as its scope. */
    public String hostIpv6Address() {
        return RigSegment.linkLocalIpv6(ip("-6", "-o", "addr", "show", "dev", interfaceName(), "scope", "link"))
                + "%" + interfaceName();
    }

    static String interfaceName(int number) {
        return "op-ll-" + number;
    }

    private static String stubPort(int number) {
        return interfaceName(number) + "-s";
    }

    private static String stubNamespace(int number) {
        return "outpost-seg-" + number;
    }

    private void setUp() {
        String bridge = interfaceName();
        ip("link", "add", bridge, "type", "bridge", "mcast_snooping", "0");
        writeSysctl("ipv6", bridge, "disable_ipv6", "0");
        writeSysctl("ipv6", bridge, "accept_ra", "0");
        writeSysctl("ipv6", bridge, "forwarding", "0");
        writeSysctl("ipv4", bridge, "forwarding", "0");
        ip("netns", "add", stubNamespace(number));
        ip("link", "add", stubPort(number), "type", "veth", "peer", "name", "stub", "netns", stubNamespace(number));
        writeSysctl("ipv6", stubPort(number), "disable_ipv6", "1");
        ip("link", "set", stubPort(number), "master", bridge, "up");
        ip("-n", stubNamespace(number), "link", "set", "stub", "up");
        ip("addr", "add", hostAddress() + "/16", "dev", bridge);
        ip("link", "set", bridge, "up");
        // The /24 keeps the gateways' addresses on this bridge while another segment also has 169.254/16.
        ip("route", "add", "169.254." + number + ".0/24", "dev", bridge);
        String route = ip("-o", "route", "get", "169.254." + number + ".10");
        if (!route.contains(" dev " + bridge + " ")) {
            throw new GatewayRigException("The host routes 169.254." + number + ".10 elsewhere (" + route.strip()
                    + "), so the rig will not use segment " + bridge + ". Remove the other 169.254/16 route first.");
        }
        awaitIpv6(null, bridge);
        LOG.info("Segment {} is up at {} and {}.", bridge, hostAddress(), hostIpv6Address());
    }

    /** Waits until the interface has an IPv6 link-local address that is no longer tentative. */
    static void awaitIpv6(String namespace, String device) {
        long deadline = System.nanoTime() + DAD_LIMIT.toNanos();
        while (true) {
            String shown = namespace == null ? ip("-6", "-o", "addr", "show", "dev", device, "scope", "link")
                    : ip("-n", namespace, "-6", "-o", "addr", "show", "dev", device, "scope", "link");
            if (shown.contains("fe80::") && !shown.contains("tentative")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new GatewayRigException("The IPv6 link-local address of " + device + " stayed tentative for "
                        + DAD_LIMIT.toSeconds() + " s: " + shown.strip());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GatewayRigException("Interrupted while waiting for " + device + ".", e);
            }
        }
    }

    /** Picks the address out of one line of {@code ip -6 -o addr show scope link}. */
    static String linkLocalIpv6(String shown) {
        Matcher address = Pattern.compile("inet6 (fe80::[0-9a-f:]+)/").matcher(shown);
        if (!address.find()) {
            throw new GatewayRigException("No IPv6 link-local address in: " + shown.strip());
        }
        return address.group(1);
    }

    private static void writeSysctl(String family, String device, String key, String value) {
        Path file = Path.of("/proc/sys/net", family, "conf", device, key);
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new GatewayRigException("The rig could not set " + file + " to " + value + ".", e);
        }
    }

    /** Removes the bridge, its stub port and the stub's namespace, and releases the number; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LIVE.remove(this);
        try {
            removeLinks(number);
        } finally {
            release();
        }
    }

    private static void removeLinks(int number) {
        for (String link : new String[] {stubPort(number), interfaceName(number)}) {
            if (RigNetwork.linkExists(link)) {
                ipQuietly("link", "del", link);
            }
        }
        if (stubNamespaceExists(number)) {
            ipQuietly("netns", "del", stubNamespace(number));
        }
    }

    private static boolean stubNamespaceExists(int number) {
        return ip("netns", "list").lines().anyMatch(line -> line.split(" ")[0].equals(stubNamespace(number)));
    }

    private static void ipQuietly(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = Tools.path("ip");
        System.arraycopy(args, 0, argv, 1, args.length);
        ExecResult result = HostCommand.run(TIMEOUT, argv);
        if (!result.succeeded()) {
            LOG.warn("The rig could not run `{}`: {}", result.command(), result.stderr().strip());
        }
    }

    private void release() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("The rig could not release segment {} cleanly.", number, e);
        } finally {
            synchronized (RigSegment.class) {
                HELD_HERE.remove(number);
            }
        }
    }

    private static synchronized RigSegment acquire() {
        sweepOnce();
        for (int n = FIRST; n <= LAST; n++) {
            if (n == METADATA_OCTET || HELD_HERE.contains(n)) {
                continue;
            }
            RigSegment segment = tryLock(n);
            if (segment == null) {
                continue;
            }
            if (RigNetwork.linkExists(interfaceName(n)) || RigNetwork.linkExists(stubPort(n))
                    || stubNamespaceExists(n)) {
                LOG.warn("The rig removes segment {}, left behind by a run that is gone.", interfaceName(n));
                removeLinks(n);
            }
            return segment;
        }
        throw new GatewayRigException("All segment numbers " + FIRST + ".." + LAST + " are taken.");
    }

    /** Removes every segment bridge whose lock no live process holds. Runs once per JVM. */
    private static void sweepOnce() {
        if (swept) {
            return;
        }
        swept = true;
        Set<Integer> suspects = new TreeSet<>();
        Matcher bridge = BRIDGE.matcher(ip("-o", "link", "show"));
        while (bridge.find()) {
            suspects.add(Integer.parseInt(bridge.group(1)));
        }
        Matcher namespace = STUB_NAMESPACE.matcher(ip("netns", "list"));
        while (namespace.find()) {
            suspects.add(Integer.parseInt(namespace.group(1)));
        }
        for (int n : suspects) {
            RigSegment segment = n >= FIRST && n <= LAST ? tryLock(n) : null;
            if (segment != null) {
                LOG.warn("The rig removes segment {}, left behind by a run that is gone.", interfaceName(n));
                removeLinks(n);
                segment.release();
            }
        }
    }

    private static RigSegment tryLock(int n) {
        try {
            Path dir = RigConfig.LOCK_ROOT.resolve("segments");
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(n + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            HELD_HERE.add(n);
            return new RigSegment(n, channel, lock);
        } catch (IOException e) {
            throw new GatewayRigException("The rig could not lock segment " + n + ".", e);
        }
    }

    static String ip(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = Tools.path("ip");
        System.arraycopy(args, 0, argv, 1, args.length);
        return HostCommand.run(TIMEOUT, argv).requireSuccess().stdout();
    }

    @Override
    public String toString() {
        return "RigSegment[" + interfaceName() + (closed ? ", closed" : "") + "]";
    }
}
