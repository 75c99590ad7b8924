package dev.outpost.rig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A booted Debian 12 gateway for one test class: systemd, sshd and the users {@code root}, {@code tech} (in group
 * sudo) and {@code visitor}, reachable from the host at {@link #address()} on port 22.
 *
 * <p>{@link GatewayRigExtension} creates and tears it down; tests receive it as a parameter. Each gateway is an
 * overlay over a cached base, so whatever a test changes is gone with the gateway. The methods change the gateway
 * or its link and return once the change is made. Call them from one test thread at a time.
 */
public final class RigGateway {

    /** The gateway's host name. */
    public static final String HOSTNAME = "site-gw-01";
    /** The port sshd listens on. */
    public static final int SSH_PORT = 22;
    /** The superuser. */
    public static final String ROOT_USER = "root";
    /** The password of {@link #ROOT_USER}. */
    public static final String ROOT_PASSWORD = "rig-root-password";
    /** A technician who may use sudo, which prompts for the password. */
    public static final String TECH_USER = "tech";
    /** The password of {@link #TECH_USER}. */
    public static final String TECH_PASSWORD = "rig-tech-password";
    /** A user without sudo. */
    public static final String VISITOR_USER = "visitor";
    /** The password of {@link #VISITOR_USER}. */
    public static final String VISITOR_PASSWORD = "rig-visitor-password";
    /** The passphrase of every client key returned by {@code keyFile(type, true)}. */
    public static final String KEY_PASSPHRASE = "rig-key-passphrase";

    private static final Logger LOG = LoggerFactory.getLogger(RigGateway.class);
    private static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<RigGateway> LIVE = ConcurrentHashMap.newKeySet();
    private static final Thread SHUTDOWN_HOOK = new Thread(RigGateway::closeAllLive, "outpost-rig-shutdown");

    static {
        Runtime.getRuntime().addShutdownHook(SHUTDOWN_HOOK);
    }

    private final RigSlot slot;
    private final BaseImage base;
    private final RigContainer container;
    private volatile boolean closed;
    private volatile String segmentAddress;

    private RigGateway(RigSlot slot, BaseImage base, RigContainer container) {
        this.slot = slot;
        this.base = base;
        this.container = container;
    }

    /**
     * Builds the base if needed, then boots a gateway. It is package-private because {@link GatewayRigExtension} owns
     * the life cycle.
     */
    static RigGateway start(boolean defaultRoute, int diskMegabytes, String label) {
        Tools.requireUsableHost();
        long started = System.nanoTime();
        BaseImage base = BaseImage.ensure();
        RigSlot slot = RigSlot.acquire();
        try {
            RigNetwork.setUp(slot, defaultRoute);
            RigGateway gateway = new RigGateway(slot, base, RigContainer.boot(slot, base, diskMegabytes, label));
            LIVE.add(gateway);
            LOG.info("Gateway {} for {} is up at {} after {} ms.", slot.namespace(), label, slot.gatewayAddress(),
                    (System.nanoTime() - started) / 1_000_000);
            return gateway;
        } catch (RuntimeException e) {
            try {
                RigNetwork.tearDown(slot);
            } catch (RuntimeException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            } finally {
                slot.close();
            }
            throw e;
        }
    }

    /**
     * Returns the gateway's IPv4 address, {@code 198.18.N.2}.
     *
     * @return the address as text
     */
    public String address() {
        return slot.gatewayAddress();
    }

    /**
     * Returns the port sshd listens on.
     *
     * @return {@link #SSH_PORT}
     */
    public int sshPort() {
        return SSH_PORT;
    }

    /**
     * Returns the host's address on the link to the gateway, {@code 198.18.N.1}, where the gateway's default route
     * points.
     *
     * @return the address as text
     */
    public String hostAddress() {
        return slot.hostAddress();
    }

    /**
     * Returns the name of the gateway's network namespace on the host, {@code outpost-rig-N}.
     *
     * @return the namespace name
     */
    public String networkNamespace() {
        return slot.namespace();
    }

    /**
     * Runs a command with {@code /bin/sh -c} as root inside the gateway, with a time limit of 60 s.
     *
     * @param shellCommand the command line
     * @return the exit status and output; a non-zero status is not an error here
     */
    public ExecResult exec(String shellCommand) {
        return exec(shellCommand, DEFAULT_EXEC_TIMEOUT);
    }

    /**
     * Runs a command with {@code /bin/sh -c} as root inside the gateway.
     *
     * <p>A command that leaves a background process holding its output open fails 10 s after it exits, so
     * redirect the output of anything it starts in the background.
     *
     * @param shellCommand the command line
     * @param timeout how long the command may run before the rig kills it and throws
     * @return the exit status and output; a non-zero status is not an error here
     */
    public ExecResult exec(String shellCommand, Duration timeout) {
        return container.exec(shellCommand, timeout);
    }

    /**
     * Returns a client private key that every gateway user accepts. The public key is beside it, with {@code .pub}
     * added to the name.
     *
     * @param type the kind of key
     * @param withPassphrase true for the copy encrypted with {@link #KEY_PASSPHRASE}
     * @return the path of the private key file (mode 0600, in the rig's cache; do not change it)
     */
    public Path keyFile(KeyType type, boolean withPassphrase) {
        return base.keys().resolve(type.fileName(withPassphrase));
    }

    /**
     * Checks whether {@link #setLatency} can work on this host, whose kernel needs the netem queueing discipline.
     *
     * @return true when netem is available
     */
    public boolean latencySupported() {
        return RigNetwork.latencySupported(slot);
    }

    /**
     * Delays, and drops a share of, every packet the host sends to the gateway (netem on the host side of the
     * link). Replaces an earlier setting.
     *
     * @param delay the one-way delay added to each packet
     * @param lossPercent the share of packets dropped, 0 to 100
     * @throws UnsupportedOperationException when the kernel has no netem; see {@link #latencySupported()}
     */
    public void setLatency(Duration delay, double lossPercent) {
        RigNetwork.setLatency(slot, delay, lossPercent);
        LOG.info("Gateway {} now has {} ms delay and {} % loss towards it.", slot.namespace(), delay.toMillis(),
                lossPercent);
    }

    /** Removes the delay and loss that {@link #setLatency} added; does nothing if there are none. */
    public void clearLatency() {
        RigNetwork.clearLatency(slot);
    }

    /**
     * Takes the host side of the link down, as if the gateway's cable were pulled. The gateway's {@code eth0} has no
     * carrier. On the host, new connections to the gateway fail with "No route to host" and established ones
     * stall until {@link #plugCable()}.
     */
    public void pullCable() {
        RigNetwork.setLinkUp(slot, false);
        LOG.info("The cable of gateway {} is pulled.", slot.namespace());
    }

    /** Brings the host side of the link back up after {@link #pullCable()}. */
    public void plugCable() {
        RigNetwork.setLinkUp(slot, true);
        LOG.info("The cable of gateway {} is plugged in again.", slot.namespace());
    }

    /**
     * Plugs the gateway into a link-local segment, as a cable from its second port to the laptop: a veth pair
     * whose gateway end is {@code eth1}, with the static address {@code 169.254.K.(10+N)/16} (N is the gateway's
     * slot) and its IPv6 link-local address. Its avahi-daemon, which listens on {@code eth1} only, announces sshd
     * there. Returns once the IPv6 address is no longer tentative. The link goes away with the gateway.
     *
     * @param segment the segment, which may already have other gateways plugged in
     * @return the gateway's IPv4 address on the segment
     * @throws IllegalStateException when the gateway is already plugged into a segment
     */
    public synchronized String plugInto(RigSegment segment) {
        if (segmentAddress != null) {
            throw new IllegalStateException("Gateway " + slot.namespace() + " is already plugged into a segment.");
        }
        segmentAddress = RigNetwork.plugInto(slot, segment);
        LOG.info("Gateway {} is plugged into {} at {}.", slot.namespace(), segment.interfaceName(), segmentAddress);
        return segmentAddress;
    }

    /**
     * Returns the gateway's IPv6 link-local address on its segment, without a scope.
     *
     * @return text such as {@code fe80::1c2b:3cff:fe4d:5e6f}
     * @throws IllegalStateException before {@link #plugInto(RigSegment)}
     */
    public String segmentIpv6Address() {
        if (segmentAddress == null) {
            throw new IllegalStateException("Gateway " + slot.namespace() + " is not plugged into a segment.");
        }
        return RigNetwork.segmentIpv6Address(slot);
    }

    /** Removes the gateway's default route; does nothing if it has none. */
    public void removeDefaultRoute() {
        RigNetwork.setDefaultRoute(slot, false);
    }

    /** Gives the gateway its default route via {@link #hostAddress()} again. */
    public void restoreDefaultRoute() {
        RigNetwork.setDefaultRoute(slot, true);
    }

    /**
     * Computes the fingerprint of the gateway's Ed25519 host key with the host's ssh-keygen.
     *
     * @return text of the form {@code SHA256:...}
     */
    public String hostKeyFingerprintSha256() {
        Path key = rootDirectory().resolve("etc/ssh/ssh_host_ed25519_key.pub");
        String line = HostCommand.require(Duration.ofSeconds(10), Tools.path("ssh-keygen"), "-E", "sha256", "-lf",
                key.toString());
        return line.strip().split("\\s+")[1];
    }

    /** Replaces all of the gateway's host keys with new ones and restarts sshd. Returns once sshd is back. */
    public void regenerateHostKeys() {
        exec("rm -f /etc/ssh/ssh_host_*_key /etc/ssh/ssh_host_*_key.pub && ssh-keygen -A"
                + " && systemctl restart ssh.service").requireSuccess();
        container.awaitSsh(System.nanoTime() + Duration.ofSeconds(30).toNanos(), "the restart of sshd");
        LOG.info("Gateway {} has new host keys; the Ed25519 one is {}.", slot.namespace(), hostKeyFingerprintSha256());
    }

    /**
     * Power-cycles the gateway. Its system stops at once, without a shutdown, as when the power is cut, and the same
     * root file system boots again with the same address, host keys and files. Units that were enabled start
     * at boot, while {@code /run} starts empty. The {@code /var/lib/rancher} disk of
     * {@link GatewayRigOptions#diskMegabytes()} keeps its files.
     *
     * <p>The host side of the link is down while the power is off, so the peers of established connections see
     * neither a FIN nor a reset at the moment of the cut, and new connections fail with "No route to host". Returns
     * once systemd has booted and sshd sends its banner. When the cable was pulled before the call, it stays pulled
     * and the method returns once systemd has booted.
     *
     * @throws GatewayRigException when the gateway does not boot again within the boot limit
     */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("Gateway " + slot.namespace() + " is closed and cannot restart.");
        }
        long started = System.nanoTime();
        boolean cablePlugged = RigNetwork.linkIsUp(slot);
        if (cablePlugged) {
            RigNetwork.setLinkUp(slot, false);
        }
        try {
            container.powerOff();
        } finally {
            if (cablePlugged) {
                RigNetwork.setLinkUp(slot, true);
            }
        }
        container.powerOn(cablePlugged);
        LOG.info("Gateway {} was power-cycled and is up again after {} ms.", slot.namespace(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Returns the gateway's root file system, which is the merged overlay mounted on the host, for reading files.
     *
     * @return an absolute path that exists while the gateway lives
     */
    public Path rootDirectory() {
        return container.merged();
    }

    /**
     * Makes a serial port inside the gateway at {@code guestPath}, such as {@code /dev/ttyUSB0}, wired to a port on
     * the host, such as one end of a {@code socat} pseudo-terminal pair with a test peer on the other. A socat on
     * the host relays the bytes to a socat started inside the gateway's namespaces, which makes a pseudo-terminal
     * there and links it at {@code guestPath}. The serial line's speed is not relayed. The caller ends the returned
     * process, which takes the port away.
     *
     * @return the host's socat process
     */
    public Process attachSerialPort(Path hostPort, String guestPath) throws java.io.IOException {
        // socat splits its address options at commas, so those of the inner address are escaped.
        String inside = Tools.path("nsenter") + " --target " + container.leaderPid() + " --all --root --wd"
                + " /usr/bin/socat - pty\\,raw\\,echo=0\\,link=" + guestPath;
        Process relay = new ProcessBuilder(Tools.path("socat"), "FILE:" + hostPort + ",raw,echo=0",
                "EXEC:" + inside).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (exec("test -c " + guestPath).exitCode() != 0) {
            if (System.nanoTime() > deadline || !relay.isAlive()) {
                relay.destroy();
                throw new GatewayRigException("The serial port " + guestPath + " did not appear in the gateway.");
            }
        }
        return relay;
    }

    /**
     * Returns the path of the systemd-nspawn log file, which stays after the gateway is gone.
     *
     * @return the log file's path
     */
    public Path nspawnLog() {
        return container.log();
    }

    /**
     * Reads the last lines of the systemd-nspawn log, which contains the gateway's console.
     *
     * @return up to 40 lines
     */
    public String nspawnLogTail() {
        return RigFiles.tail(container.log(), 40);
    }

    /** Shuts the gateway down and removes everything the rig made for it; safe to call twice. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LIVE.remove(this);
        try {
            container.stop();
        } finally {
            try {
                RigNetwork.tearDown(slot);
            } finally {
                slot.close();
            }
        }
    }

    private static void closeAllLive() {
        for (RigGateway gateway : Set.copyOf(LIVE)) {
            try {
                gateway.close();
            } catch (RuntimeException e) {
                LOG.warn("The rig could not tear down gateway {} at shutdown.", gateway.slot.namespace(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "RigGateway[" + slot.namespace() + " at " + address() + (Files.isDirectory(rootDirectory()) ? "" :
                ", gone") + "]";
    }
}
