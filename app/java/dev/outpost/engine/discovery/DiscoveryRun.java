package dev.outpost.engine.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One search over chosen interfaces: it listens for the settings' window, then waits up to
 * {@link GatewayDiscovery#PROBE_PHASE} for the probes still running. Candidates arrive on jmDNS's and the link-local
 * threads, probes run on a small pool, and the caller's thread polls for new gateways and reports them.
 */
final class DiscoveryRun {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryRun.class);
    private static final int PROBE_THREADS = 8;
    private static final long POLL_MILLIS = 50;
    private static final int SSH_PORT = 22;
    private static final long RETRY_PAUSE_MILLIS = 500;

    private final DiscoverySettings settings;
    private final List<SearchedInterface> interfaces;
    private final List<String> notes;
    private final GatewayMerge merge = new GatewayMerge();
    private final Map<String, CompletableFuture<SshProbe.Outcome>> probes = new LinkedHashMap<>();
    private final List<CompletableFuture<Void>> linkLocalSearches = new ArrayList<>();
    private final AtomicInteger skippedProbes = new AtomicInteger();
    private final AtomicInteger offLink = new AtomicInteger();
    private final ExecutorService pool;
    private volatile boolean listening = true;

    DiscoveryRun(DiscoverySettings settings, List<SearchedInterface> interfaces, List<String> notes) {
        this.settings = settings;
        this.interfaces = List.copyOf(interfaces);
        this.notes = Collections.synchronizedList(new ArrayList<>(notes));
        this.pool = Executors.newFixedThreadPool(PROBE_THREADS, task -> {
            Thread thread = new Thread(task, "outpost-discovery");
            thread.setDaemon(true);
            return thread;
        });
    }

    DiscoveryResult run(Consumer<DiscoveredGateway> found, BooleanSupplier cancelled) {
        List<String> names = interfaces.stream().map(SearchedInterface::name).toList();
        log.info("Searching for gateways on {} for {} ms.", String.join(", ", names), settings.window().toMillis());
        long windowEnd = System.nanoTime() + settings.window().toNanos();
        Set<DiscoveredGateway> reported = new HashSet<>();
        List<MdnsBrowser> browsers = new ArrayList<>();
        try {
            // 1. Listen: mDNS on every interface, the link-local search where there is no other IPv4 address.
            for (SearchedInterface network : interfaces) {
                browsers.add(MdnsBrowser.start(network, this::offerAnnounced, notes));
                if (network.isLinkLocalOnly()) {
                    synchronized (this) {
                        linkLocalSearches.add(CompletableFuture.runAsync(() -> searchLinkLocal(network), pool));
                    }
                } else {
                    log.debug("The link-local search skips {} because it has a routable IPv4 address.",
                            network.name());
                }
            }
            boolean wasCancelled = waitUntil(windowEnd, found, reported, cancelled);

            // 2. Stop listening to mDNS, then let the link-local search and the probes finish within the probe phase.
            listening = false;
            browsers.forEach(MdnsBrowser::close);
            browsers.clear();
            if (!wasCancelled) {
                long probeEnd = System.nanoTime() + GatewayDiscovery.PROBE_PHASE.toNanos();
                wasCancelled = waitUntil(probeEnd, found, reported, cancelled, this::probesDone);
            }
            if (wasCancelled) {
                notes.add("The search was cancelled, so it may have missed gateways. Search again to see them all.");
            } else if (!probesDone()) {
                notes.add("Some addresses did not finish answering in time and are left out. Search again if the"
                        + " gateway is missing.");
            }
        } finally {
            listening = false;
            browsers.forEach(MdnsBrowser::close);
            pool.shutdownNow();
        }

        // 3. Report what was found.
        report(found, reported);
        List<DiscoveredGateway> gateways = merge.gateways();
        addClosingNotes(gateways);
        for (SearchedInterface network : interfaces) {
            long count = gateways.stream().filter(g -> g.interfaceName().equals(network.name())).count();
            log.info("Found {} gateway{} on {}.", count, count == 1 ? "" : "s", network.name());
        }
        return new DiscoveryResult(gateways, names, List.copyOf(notes));
    }

    private boolean waitUntil(long end, Consumer<DiscoveredGateway> found, Set<DiscoveredGateway> reported,
            BooleanSupplier cancelled) {
        return waitUntil(end, found, reported, cancelled, () -> false);
    }

    /** Reports new gateways until the end time or {@code done}; returns true when the caller cancelled. */
    private boolean waitUntil(long end, Consumer<DiscoveredGateway> found, Set<DiscoveredGateway> reported,
            BooleanSupplier cancelled, BooleanSupplier done) {
        while (System.nanoTime() < end && !done.getAsBoolean()) {
            if (cancelled.getAsBoolean()) {
                return true;
            }
            report(found, reported);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return cancelled.getAsBoolean();
    }

    private void report(Consumer<DiscoveredGateway> found, Set<DiscoveredGateway> reported) {
        for (DiscoveredGateway gateway : merge.gateways()) {
            if (reported.add(gateway)) {
                found.accept(gateway);
            }
        }
    }

    private synchronized boolean probesDone() {
        return linkLocalSearches.stream().allMatch(CompletableFuture::isDone)
                && probes.values().stream().allMatch(CompletableFuture::isDone);
    }

    private void addClosingNotes(List<DiscoveredGateway> gateways) {
        if (skippedProbes.get() > 0) {
            notes.add(skippedProbes.get() + " more addresses answered but were not probed, because a search probes"
                    + " at most " + settings.maxProbes() + ". Name the gateway's interface to search fewer.");
        }
        if (offLink.get() > 0) {
            notes.add(offLink.get() + " announced addresses were ignored because they are not on the link of the"
                    + " interface they were heard on.");
        }
        Map<String, Set<String>> interfacesByKey = new LinkedHashMap<>();
        for (DiscoveredGateway gateway : gateways) {
            gateway.hostKeyFingerprint().ifPresent(key -> interfacesByKey
                    .computeIfAbsent(key, unused -> new TreeSet<>()).add(gateway.interfaceName()));
        }
        interfacesByKey.forEach((key, names) -> {
            if (names.size() > 1) {
                log.warn("The gateways on {} present the same host key {}.", String.join(", ", names), key);
                notes.add("The gateways on " + String.join(" and ", names) + " present the same host key " + key
                        + ", so they were probably made from one disk image and cannot be told apart by it. Check"
                        + " each at its own address, and have each gateway's host keys made anew.");
            }
        });
        for (SearchedInterface network : interfaces) {
            if (gateways.stream().noneMatch(g -> g.interfaceName().equals(network.name()))) {
                notes.add("No gateway answered on " + network.name() + " within " + settings.window().toSeconds()
                        + " s.");
            }
        }
    }

    /**
     * Tells whether an IPv4 link-local address is also on the link of another searched interface. Each jmDNS socket
     * receives the mDNS answers of every interface, and such an address carries no interface, so only the neighbour
     * table after the probe shows which cable the gateway is on.
     */
    private boolean isOnAnotherSearchedLink(SearchedInterface network, InetAddress address) {
        return address instanceof Inet4Address && address.isLinkLocalAddress()
                && interfaces.stream().anyMatch(other -> !other.equals(network) && other.isOnLink(address));
    }

    private void offerAnnounced(SearchedInterface network, InetAddress address, int port, Optional<String> name) {
        log.debug("mDNS announced {} as {} port {} on {}.", name.orElse("a service"), network.text(address), port,
                network.name());
        offer(network, address, port, DiscoveredGateway.Source.MDNS, name);
    }

    /**
     * Finds candidates on a link-local-only interface: first its neighbour table, then the hosts that reply to an
     * IPv6 all-nodes echo.
     *
     * <p>There is no sweep of 169.254/16: it contains 65,024 usable addresses, and trying each would send as many
     * ARP broadcasts onto the link, where these two sources find a directly connected gateway within the ping's
     * two seconds.
     */
    private void searchLinkLocal(SearchedInterface network) {
        for (InetAddress neighbour : NeighbourTable.linkLocalNeighbours(network)) {
            offer(network, neighbour, SSH_PORT, DiscoveredGateway.Source.LINK_LOCAL,
                    Optional.empty());
        }
        AllNodesPing.Flavour flavour = AllNodesPing.current();
        Optional<Path> ping = SystemCommand.find(AllNodesPing.programName(flavour));
        if (ping.isEmpty()) {
            log.info("The IPv6 all-nodes echo is skipped on {} because this laptop has no {} command.",
                    network.name(), AllNodesPing.programName(flavour));
            notes.add("The IPv6 echo on " + network.name() + " was skipped because this laptop has no "
                    + AllNodesPing.programName(flavour) + " command, so a gateway without mDNS may be missing."
                    + " Type the gateway's address instead.");
            return;
        }
        try {
            for (InetAddress replied : AllNodesPing.ping(ping.get(), network)) {
                offer(network, replied, SSH_PORT, DiscoveredGateway.Source.LINK_LOCAL,
                        Optional.empty());
            }
        } catch (IOException e) {
            log.warn("The IPv6 all-nodes echo on {} failed.", network.name(), e);
            notes.add("The IPv6 echo on " + network.name() + " failed, so a gateway without mDNS may be missing."
                    + " Search again, or type the gateway's address.");
        }
    }

    /**
     * Probes an address once, unless it is off the link or the cap is reached. After the window, mDNS
     * announcements are no longer taken, while the link-local search may still offer what its ping found.
     */
    private void offer(SearchedInterface network, InetAddress address, int port, DiscoveredGateway.Source source,
            Optional<String> name) {
        if (!network.isOnLink(address)) {
            log.debug("Ignoring {} from {} on {}, because it is not on that link.", address.getHostAddress(),
                    source, network.name());
            offLink.incrementAndGet();
            return;
        }
        // NOTE: an IPv4 link-local address carries no interface, so when two searched interfaces both have only
        // 169.254/16 addresses, the operating system's routing picks the one the probe leaves through.
        String text = network.text(address);
        CompletableFuture<SshProbe.Outcome> probe;
        synchronized (this) {
            if (!listening && source == DiscoveredGateway.Source.MDNS && !probes.containsKey(text + " " + port)) {
                return;
            }
            probe = probes.get(text + " " + port);
            if (probe == null) {
                if (probes.size() >= settings.maxProbes()) {
                    skippedProbes.incrementAndGet();
                    log.debug("Not probing {} on {}: the search has probed {} addresses already.", text,
                            network.name(), probes.size());
                    return;
                }
                boolean announced = source == DiscoveredGateway.Source.MDNS;
                probe = CompletableFuture.supplyAsync(() -> probe(text, port, network.name(), announced), pool);
                probes.put(text + " " + port, probe);
            }
        }
        probe.thenAccept(outcome -> record(network, address, port, source, name, outcome))
                .exceptionally(failure -> {
                    log.warn("The probe of {} on {} failed unexpectedly.", text, network.name(), failure);
                    return null;
                });
    }

    /**
     * Probes an address, and once more after a short pause when mDNS announced an SSH server there that did not
     * respond: a gateway that has just booted may announce itself before sshd accepts connections.
     */
    private static SshProbe.Outcome probe(String address, int port, String interfaceName, boolean announced) {
        SshProbe.Outcome outcome = SshProbe.probe(address, port, interfaceName);
        if (outcome.answered() || !announced) {
            return outcome;
        }
        log.warn("The SSH server announced at {} on {} did not respond, so the probe is retried once.", address,
                interfaceName);
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return outcome;
        }
        return SshProbe.probe(address, port, interfaceName);
    }

    private void record(SearchedInterface network, InetAddress heard, int port, DiscoveredGateway.Source source,
            Optional<String> name, SshProbe.Outcome outcome) {
        String address = network.text(heard);
        if (!outcome.answered() && source == DiscoveredGateway.Source.LINK_LOCAL) {
            log.debug("No SSH server responded at {} on {}, so it is not a gateway.", address, network.name());
            return;
        }
        // NOTE: an address that sent nothing cannot be traced to its cable, so a gateway whose sshd is down may be
        // listed, without a fingerprint, on every searched interface whose jmDNS socket heard its announcement.
        if (outcome.answered() && isOnAnotherSearchedLink(network, heard)
                && !NeighbourTable.linkLocalNeighbours(network).contains(heard)) {
            log.debug("{} responded through another interface than {}, so the response counts only there.",
                    address, network.name());
            return;
        }
        log.debug("Recorded {} on {}, found by {}, host key {}.", address, network.name(), source,
                outcome.fingerprint().orElse("(none)"));
        merge.add(new GatewayMerge.Answer(name, address, port, network.name(), source, outcome.fingerprint(),
                outcome.banner()));
    }
}
