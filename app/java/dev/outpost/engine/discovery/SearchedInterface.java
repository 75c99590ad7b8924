package dev.outpost.engine.discovery;

import dev.outpost.engine.platform.Ipv6Text;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.List;
import java.util.Arrays;

/**
 * One laptop interface that a search covers, with its addresses and their prefix lengths.
 *
 * @param name      the interface name, such as {@code eth1} or {@code en0}
 * @param index     the interface index, which Windows uses as the scope of IPv6 link-local addresses
 * @param addresses the interface's own addresses
 */
record SearchedInterface(String name, int index, List<LinkAddress> addresses) {

    /**
     * An address of the interface.
     *
     * @param address      the address
     * @param prefixLength the length of its network prefix in bits
     */
    record LinkAddress(InetAddress address, int prefixLength) {
    }

    /** The cloud metadata service's address, which is link-local but never a gateway. */
    private static final byte[] METADATA_SERVICE = {(byte) 169, (byte) 254, (byte) 169, (byte) 254};

    SearchedInterface {
        addresses = List.copyOf(addresses);
    }

    static SearchedInterface of(NetworkInterface network) {
        List<LinkAddress> addresses = network.getInterfaceAddresses().stream()
                .filter(entry -> entry.getAddress() != null)
                .map(entry -> new LinkAddress(entry.getAddress(), entry.getNetworkPrefixLength()))
                .toList();
        return new SearchedInterface(network.getName(), network.getIndex(), addresses);
    }

    /** Tells whether the interface has no IPv4 address outside 169.254/16, as when no DHCP server responded. */
    boolean isLinkLocalOnly() {
        return addresses.stream().map(LinkAddress::address)
                .filter(Inet4Address.class::isInstance)
                .allMatch(InetAddress::isLinkLocalAddress);
    }

    boolean isOwnAddress(InetAddress address) {
        return addresses.stream().anyMatch(own -> sameAddress(own.address(), address));
    }

    /**
     * Tells whether an address is on the link this interface is directly connected to: link-local, or inside one
     * of the interface's own subnets. The interface's own addresses, multicast and broadcast addresses and the
     * cloud metadata service (169.254.169.254) are never on the link, so no search connects to them.
     */
    boolean isOnLink(InetAddress address) {
        if (address.isMulticastAddress() || address.isAnyLocalAddress() || address.isLoopbackAddress()
                || isOwnAddress(address)) {
            return false;
        }
        if (address instanceof Inet4Address) {
            byte[] bytes = address.getAddress();
            if (Arrays.equals(bytes, METADATA_SERVICE) || (bytes[2] == (byte) 255 && bytes[3] == (byte) 255
                    && address.isLinkLocalAddress())) {
                return false;
            }
        }
        if (address.isLinkLocalAddress()) {
            return true;
        }
        for (LinkAddress own : addresses) {
            if (own.address().getClass() == address.getClass() && own.prefixLength() > 0
                    && samePrefix(own.address().getAddress(), address.getAddress(), own.prefixLength())
                    && !isBroadcast(address, own)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes an address the way a person and the connect page use it: IPv6 in the compressed form, and a
     * link-local IPv6 address with this interface as its scope ({@code fe80::1%eth1}).
     */
    String text(InetAddress address) {
        if (address instanceof Inet6Address) {
            String compressed = Ipv6Text.canonical(address.getAddress());
            return address.isLinkLocalAddress() ? compressed + "%" + name : compressed;
        }
        return address.getHostAddress();
    }

    private static boolean sameAddress(InetAddress a, InetAddress b) {
        return Arrays.equals(a.getAddress(), b.getAddress());
    }

    private static boolean samePrefix(byte[] a, byte[] b, int prefixLength) {
        int bits = Math.min(prefixLength, a.length * 8);
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBroadcast(InetAddress address, LinkAddress own) {
        if (!(address instanceof Inet4Address) || own.prefixLength() >= 31) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (int i = own.prefixLength(); i < 32; i++) {
            if ((bytes[i / 8] & (0x80 >> (i % 8))) == 0) {
                return false;
            }
        }
        return true;
    }
}
