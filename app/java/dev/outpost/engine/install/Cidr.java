package dev.outpost.engine.install;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address range written as {@code address/prefix}, such as {@code 10.42.0.0/16}.
 *
 * @param text   the range as written
 * @param first  the range's first address as a number
 * @param last   the range's last address as a number
 * @param ipv6   whether it is an IPv6 range
 * @param prefix the prefix length, the whole address length when the text has none
 * @param exact  whether the text names the range's first address, with no host bits set, and a prefix
 */
public record Cidr(String text, BigInteger first, BigInteger last, boolean ipv6, int prefix, boolean exact) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Parses a range, or returns empty when the text is not one. Never looks a name up. */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        boolean v6 = !v4 && IPV6.matcher(address).matches();
        if (!v4 && !v6 || v4 && !octetsInRange(address)) {
            return Optional.empty();
        }
        int bits = v4 ? 32 : 128;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (prefix < 0 || prefix > bits) {
            return Optional.empty();
        }
        try {
            BigInteger value = new BigInteger(1, InetAddress.getByName(address).getAddress());
            BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
            BigInteger first = value.subtract(value.mod(size));
            return Optional.of(new Cidr(text, first, first.add(size).subtract(BigInteger.ONE), v6, prefix,
                    slash >= 0 && first.equals(value)));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean octetsInRange(String address) {
        for (String octet : address.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Whether the two ranges share at least one address. */
    public boolean overlaps(Cidr other) {
        return ipv6 == other.ipv6 && first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    /** The range in its exact form, such as {@code 198.18.1.0/30} for {@code 198.18.1.2/30}. */
    public String network() {
        try {
            byte[] bytes = first.toByteArray();
            byte[] address = new byte[ipv6 ? 16 : 4];
            int copy = Math.min(bytes.length, address.length);
            System.arraycopy(bytes, bytes.length - copy, address, address.length - copy, copy);
            return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            return text;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
