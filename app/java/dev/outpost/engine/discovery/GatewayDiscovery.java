package dev.outpost.engine.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Finds gateways on the laptop's cable. It browses for SSH services announced over mDNS / DNS-SD. On an interface
 * that has only a link-local IPv4 address (a cable straight to the gateway, with no DHCP server), it also takes
 * the hosts in the neighbour table and those that reply to an IPv6 all-nodes echo. Every address found is probed
 * on the SSH port for its version line and host-key fingerprint, without logging in, and responses with the same
 * host key are merged into one gateway.
 *
 * <p>Only addresses on the directly connected link of the interface they were heard on are probed, so a search
 * never connects beyond that link. It sends mDNS queries and ICMPv6 echo requests only on the searched interfaces,
 * and TCP connections only to port 22 (or the announced SSH port) of at most
 * {@link DiscoverySettings#maxProbes()} addresses.
 *
 * <p>Threading: {@link #search} blocks the calling thread for the settings' window plus at most
 * {@link #PROBE_PHASE}, and calls its {@code found} callback on that same thread. Use one instance per search at
 * a time; separate instances may search at once.
 */
public final class GatewayDiscovery {

    /** The maximum time the probes may run after the listening window has closed. */
    public static final Duration PROBE_PHASE = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(GatewayDiscovery.class);

    private final DiscoverySettings settings;

    public GatewayDiscovery(DiscoverySettings settings) {
        this.settings = settings;
    }

    /**
     * Searches the interfaces the settings name, or every eligible interface (up, not loopback, able to multicast
     * and not point-to-point) when they name none. Blocks for the settings' window plus at most
     * {@link #PROBE_PHASE}, and returns early, with what was found so far, once {@code cancelled} returns true.
     *
     * @param found     called on the calling thread with each gateway as it is found, and again with the same
     *                  gateway when a later response adds an address or a source, and the later value replaces the
     *                  earlier one with the same host-key fingerprint
     * @param cancelled polled every few tens of milliseconds
     * @return the gateways found, with the interfaces searched and notes about what was not searched
     * @throws DiscoveryException when a named interface is empty, does not exist, is down, has no address or is a
     *                            loopback interface
     */
    public DiscoveryResult search(Consumer<DiscoveredGateway> found, BooleanSupplier cancelled)
            throws DiscoveryException {
        if (!settings.enabled()) {
            return new DiscoveryResult(List.of(), List.of(), List.of("Searching for gateways is turned off."
                    + " Turn it on in the settings, or type the gateway's address."));
        }
        List<String> notes = new ArrayList<>();
        List<SearchedInterface> interfaces = settings.interfaces().isEmpty() ? eligibleInterfaces(notes)
                : namedInterfaces(settings.interfaces());
        if (interfaces.isEmpty()) {
            return new DiscoveryResult(List.of(), List.of(), notes);
        }
        return new DiscoveryRun(settings, interfaces, notes).run(found, cancelled);
    }

    /** Looks up the named interfaces and checks that each can be searched. */
    static List<SearchedInterface> namedInterfaces(List<String> names) throws DiscoveryException {
        return namedInterfaces(names, LinkState.onThisSystem());
    }

    static List<SearchedInterface> namedInterfaces(List<String> names, Optional<LinkState> linkState)
            throws DiscoveryException {
        List<SearchedInterface> chosen = new ArrayList<>();
        for (String name : names) {
            if (name.isBlank()) {
                throw new DiscoveryException("A network interface name is empty. Name an interface such as eth1,"
                        + " or leave the name out to search every connected one. " + existingInterfaces());
            }
            NetworkInterface network = lookUp(name);
            try {
                if (network == null) {
                    throw new DiscoveryException(missingInterface(name, linkState));
                }
                if (network.isLoopback()) {
                    throw new DiscoveryException("The network interface " + name + " is this laptop's loopback"
                            + " interface, which reaches no gateway. " + existingInterfaces());
                }
                if (!network.isUp() || linkState.map(state -> state.reportsNoCarrier(name)).orElse(false)) {
                    throw new DiscoveryException(downInterface(name));
                }
            } catch (SocketException e) {
                throw new DiscoveryException("The state of the network interface " + name + " could not be read ("
                        + e.getMessage() + "). Search again, or name another interface. " + existingInterfaces());
            }
            SearchedInterface searched = SearchedInterface.of(network);
            if (!chosen.contains(searched)) {
                chosen.add(searched);
            }
        }
        return chosen;
    }

    /**
     * Returns the error message for an interface that Java did not return. Java lists only interfaces that are up
     * and have an address, so on Linux the kernel's view separates a missing interface from one that is down.
     */
    static String missingInterface(String name, Optional<LinkState> linkState) {
        if (linkState.isEmpty()) {
            return "No connected network interface called " + name + " was found on this laptop: it does not"
                    + " exist, is turned off or has no cable. Check the name, plug the gateway's cable in and turn"
                    + " the interface on, then search again. " + existingInterfaces();
        }
        LinkState state = linkState.get();
        if (!state.exists(name)) {
            return "There is no network interface called " + name + " on this laptop. " + existingInterfaces();
        }
        if (!state.hasCarrier(name)) {
            return downInterface(name);
        }
        return "The network interface " + name + " is connected but has no IP address, so it cannot be searched."
                + " If it is a port of a bridge, name the bridge instead; otherwise wait a few seconds and search"
                + " again. " + existingInterfaces();
    }

    private static String downInterface(String name) {
        return "The network interface " + name + " is down: it is turned off or has no cable. Plug the gateway's"
                + " cable in and turn the interface on, then search again. " + existingInterfaces();
    }

    private static NetworkInterface lookUp(String name) throws DiscoveryException {
        try {
            return NetworkInterface.getByName(name);
        } catch (SocketException e) {
            throw new DiscoveryException("The network interfaces of this laptop could not be listed ("
                    + e.getMessage() + "). Search again in a moment.");
        }
    }

    private static List<SearchedInterface> eligibleInterfaces(List<String> notes) throws DiscoveryException {
        List<SearchedInterface> eligible = new ArrayList<>();
        try {
            for (NetworkInterface network : NetworkInterface.networkInterfaces().toList()) {
                if (network.isUp() && !network.isLoopback() && network.supportsMulticast()
                        && !network.isPointToPoint()) {
                    eligible.add(SearchedInterface.of(network));
                }
            }
        } catch (SocketException e) {
            throw new DiscoveryException("The network interfaces of this laptop could not be listed ("
                    + e.getMessage() + "). Search again in a moment.");
        }
        if (eligible.isEmpty()) {
            notes.add("No network interface is connected. Plug the gateway's cable into the laptop, wait a few"
                    + " seconds and search again.");
        }
        return eligible;
    }

    /** Names the interfaces a person could search, as the next step of an error message. */
    private static String existingInterfaces() {
        try {
            List<String> names = NetworkInterface.networkInterfaces()
                    .filter(network -> {
                        try {
                            return network.isUp() && !network.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .map(NetworkInterface::getName).sorted().toList();
            return names.isEmpty() ? "No interface is up on this laptop; plug the gateway's cable in first."
                    : "Name one of the interfaces that are up: " + String.join(", ", names) + ".";
        } catch (SocketException e) {
            return "Name another interface.";
        }
    }
}
