package dev.outpost.engine.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's network as {@code ip -o link}, {@code ip -o addr} and {@code ip route} print it: its host name, its
 * interfaces with their addresses, and the default route if there is one.
 *
 * @param hostName     the gateway's host name
 * @param interfaces   the interfaces in the order {@code ip} lists them
 * @param defaultRoute the IPv4 default route, if any
 */
public record GatewayNetwork(String hostName, List<NetworkInterface> interfaces, Optional<Route> defaultRoute) {

    private static final Pattern LINK = Pattern.compile("^\\d+:\\s+([^:@\\s]+)(?:@\\S+)?:\\s+<([^>]*)>(.*)$");
    private static final Pattern MAC = Pattern.compile("link/(?:ether|loopback|ieee802\\.11)\\s+([0-9a-fA-F:]{17})");
    private static final Pattern ADDRESS = Pattern.compile("^\\d+:\\s+(\\S+)\\s+(inet6?)\\s+([0-9a-fA-F:.]+)/(\\d+)");
    private static final Pattern DEFAULT = Pattern.compile("^default(?:\\s+via\\s+(\\S+))?.*?\\s+dev\\s+(\\S+)");

    public GatewayNetwork {
        interfaces = List.copyOf(interfaces);
    }

    /**
     * One network interface.
     *
     * @param name      the kernel's name, such as {@code eth0}
     * @param up        whether the interface is administratively up ({@code UP})
     * @param carrier   whether a cable or link partner is detected ({@code LOWER_UP})
     * @param mac       the hardware address, or {@code null} for interfaces without one
     * @param addresses the IPv4 and IPv6 addresses on it
     */
    public record NetworkInterface(String name, boolean up, boolean carrier, String mac, List<Address> addresses) {

        public NetworkInterface {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * An address with its prefix length, such as {@code 198.18.1.2/30}.
     *
     * @param ipv6    whether it is an IPv6 address
     * @param address the address as {@code ip} prints it
     * @param prefix  the prefix length in bits
     */
    public record Address(boolean ipv6, String address, int prefix) {

        @Override
        public String toString() {
            return address + "/" + prefix;
        }
    }

    /**
     * A route.
     *
     * @param via    the next hop, or {@code null} for a route straight onto the link
     * @param device the interface it leaves by
     */
    public record Route(String via, String device) {
    }

    /** Returns the interface of that name, if the gateway has one. */
    public Optional<NetworkInterface> find(String name) {
        return interfaces.stream().filter(candidate -> candidate.name().equals(name)).findFirst();
    }

    /** Returns the interface that has this address, compared as {@code ip} prints it in lower case. */
    public Optional<NetworkInterface> holderOf(String address) {
        String expected = address.toLowerCase(Locale.ROOT);
        return interfaces.stream().filter(candidate -> candidate.addresses().stream()
                .anyMatch(a -> a.address().toLowerCase(Locale.ROOT).equals(expected))).findFirst();
    }

    /**
     * Parses the output of the three {@code ip} commands; lines it does not recognise are skipped.
     *
     * @param hostName the output of {@code hostname}
     * @param links    the output of {@code ip -o link}
     * @param addrs    the output of {@code ip -o addr}
     * @param routes   the output of {@code ip route}
     */
    public static GatewayNetwork parse(String hostName, String links, String addrs, String routes) {
        Map<String, Boolean[]> flags = new LinkedHashMap<>();
        Map<String, String> macs = new LinkedHashMap<>();
        for (String line : links.split("\n")) {
            Matcher link = LINK.matcher(line.strip());
            if (!link.find()) {
                continue;
            }
            List<String> linkFlags = List.of(link.group(2).split(","));
            boolean carrier = linkFlags.contains("LOWER_UP") && !linkFlags.contains("NO-CARRIER");
            flags.put(link.group(1), new Boolean[] {linkFlags.contains("UP"), carrier});
            Matcher mac = MAC.matcher(link.group(3));
            macs.put(link.group(1), mac.find() ? mac.group(1).toLowerCase(Locale.ROOT) : null);
        }
        Map<String, List<Address>> addresses = new LinkedHashMap<>();
        for (String line : addrs.split("\n")) {
            Matcher address = ADDRESS.matcher(line.strip());
            if (address.find()) {
                addresses.computeIfAbsent(address.group(1), name -> new ArrayList<>()).add(new Address(
                        address.group(2).equals("inet6"), address.group(3), Integer.parseInt(address.group(4))));
            }
        }
        List<NetworkInterface> interfaces = new ArrayList<>();
        for (Map.Entry<String, Boolean[]> entry : flags.entrySet()) {
            interfaces.add(new NetworkInterface(entry.getKey(), entry.getValue()[0], entry.getValue()[1],
                    macs.get(entry.getKey()), addresses.getOrDefault(entry.getKey(), List.of())));
        }
        Route route = null;
        for (String line : routes.split("\n")) {
            Matcher matcher = DEFAULT.matcher(line.strip());
            if (matcher.find()) {
                route = new Route(matcher.group(1), matcher.group(2));
                break;
            }
        }
        return new GatewayNetwork(hostName.strip(), interfaces, Optional.ofNullable(route));
    }
}
