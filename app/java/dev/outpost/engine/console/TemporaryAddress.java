package dev.outpost.engine.console;

import dev.outpost.engine.platform.Ipv6Text;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address with its prefix length, such as {@code 192.168.250.1/24}, checked before anything is typed at the
 * console. Only literal addresses are accepted, so parsing never queries a name server.
 *
 * @param address the address in the canonical form {@code ip} prints
 * @param prefix  the prefix length in bits
 * @param ipv6    whether it is an IPv6 address
 */
public record TemporaryAddress(String address, int prefix, boolean ipv6) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    /**
     * Parses {@code ADDRESS/PREFIX}.
     *
     * @throws ConsoleException {@link ConsoleException.Kind#INVALID_ADDRESS} with the expected form
     */
    public static TemporaryAddress parse(String cidr) throws ConsoleException {
        String text = cidr == null ? "" : cidr.strip();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        String prefixText = slash < 0 ? "" : text.substring(slash + 1);
        boolean v4 = IPV4.matcher(address).matches();
        boolean v6 = !v4 && IPV6.matcher(address).matches();
        if (!(v4 || v6) || !prefixText.matches("\\d{1,3}")) {
            throw invalid(text);
        }
        int prefix = Integer.parseInt(prefixText);
        InetAddress parsed;
        try {
            // Both patterns admit only digits, dots, colons and hex letters, so this never does a name lookup.
            parsed = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw invalid(text);
        }
        boolean isV4 = parsed instanceof Inet4Address;
        if (isV4 != v4 || prefix < 1 || prefix > (isV4 ? 32 : 128) || parsed.isAnyLocalAddress()
                || parsed.isLoopbackAddress() || parsed.isMulticastAddress()) {
            throw invalid(text);
        }
        if (isV4) {
            rejectUnusableIpv4(text, address, parsed.getAddress(), prefix);
        }
        String written = isV4 ? parsed.getHostAddress() : Ipv6Text.canonical(parsed.getAddress());
        return new TemporaryAddress(written, prefix, !isV4);
    }

    /**
     * Rejects IPv4 addresses that cannot be a host's: leading zeros (which some tools read as octal), the
     * {@code 0.0.0.0/8} block, and the network and broadcast addresses of the prefix, which only /31 and /32 lack.
     */
    private static void rejectUnusableIpv4(String text, String address, byte[] bytes, int prefix)
            throws ConsoleException {
        if (address.matches(".*(^|\\.)0\\d.*")) {
            throw new ConsoleException(ConsoleException.Kind.INVALID_ADDRESS, "The address " + address + " has a"
                    + " number with a leading zero, which some tools read as octal. Write each number without"
                    + " leading zeros, such as 10.0.0.1/24.");
        }
        long value = 0;
        for (byte part : bytes) {
            value = value << 8 | part & 0xff;
        }
        if (bytes[0] == 0) {
            throw new ConsoleException(ConsoleException.Kind.INVALID_ADDRESS, "The address " + address + " is in"
                    + " 0.0.0.0/8, which means \"this network\" and cannot be given to an interface. Pick a host"
                    + " address such as 192.168.250.1/24.");
        }
        if (value == 0xffffffffL) {
            throw new ConsoleException(ConsoleException.Kind.INVALID_ADDRESS, "The address 255.255.255.255 is the"
                    + " broadcast address of every network and cannot be given to an interface. Pick a host address"
                    + " such as 192.168.250.1/24.");
        }
        if (prefix >= 31) {
            return;
        }
        long size = 1L << (32 - prefix);
        long host = value & (size - 1);
        if (host == 0 || host == size - 1) {
            throw new ConsoleException(ConsoleException.Kind.INVALID_ADDRESS, "'" + text + "' is the "
                    + (host == 0 ? "network" : "broadcast") + " address of its network, so it cannot be the"
                    + " gateway's address. Pick an address between the first and the last of the network, such as "
                    + TemporaryAddress.ipv4Text(value - host + 1) + "/" + prefix + ".");
        }
    }

    private static String ipv4Text(long value) {
        return (value >> 24 & 0xff) + "." + (value >> 16 & 0xff) + "." + (value >> 8 & 0xff) + "." + (value & 0xff);
    }

    private static ConsoleException invalid(String text) {
        return new ConsoleException(ConsoleException.Kind.INVALID_ADDRESS, "'" + text + "' is not an address with a"
                + " prefix length. Write it like 192.168.250.1/24 (IPv4) or fd00:5::1/64 (IPv6), with an address"
                + " that is not loopback or multicast.");
    }

    /**
     * Checks an interface name before it is typed: the kernel's names are at most 15 characters, and only letters,
     * digits, dots, dashes and underscores are accepted here so the name is safe in a shell command.
     */
    public static boolean isPlausibleInterfaceName(String name) {
        return name != null && INTERFACE.matcher(name).matches();
    }

    /**
     * Returns an address in the same IPv4 network for the other end of the cable, such as the laptop's port: the
     * next address, or the one before when the next is the broadcast address. Empty for IPv6 and for prefixes that
     * leave no second host address.
     */
    public Optional<String> neighbour() {
        if (ipv6 || prefix > 31) {
            return Optional.empty();
        }
        String[] parts = address.split("\\.");
        long value = 0;
        for (String part : parts) {
            value = (value << 8) | Integer.parseInt(part);
        }
        long size = 1L << (32 - prefix);
        long network = value & ~(size - 1) & 0xffffffffL;
        long candidate;
        if (prefix == 31) {
            candidate = value ^ 1;
        } else {
            candidate = value + 1 < network + size - 1 ? value + 1 : value - 1;
            if (candidate <= network) {
                return Optional.empty();
            }
        }
        return Optional.of(ipv4Text(candidate) + "/" + prefix);
    }

    @Override
    public String toString() {
        return address + "/" + prefix;
    }
}
