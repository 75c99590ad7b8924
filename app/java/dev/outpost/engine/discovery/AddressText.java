package dev.outpost.engine.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses and writes numeric IP addresses. Parsing never resolves a name: {@link InetAddress#getByName} looks up
 * any text that is not a valid literal, and a search must send nothing beyond the link it searches.
 */
final class AddressText {

    private AddressText() {
    }

    /** Parses a dotted-quad IPv4 address such as {@code 169.254.3.11}. */
    static Optional<InetAddress> parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        return byAddress(bytes);
    }

    /** Parses an IPv6 address in hexadecimal groups, with at most one {@code ::} and without a scope. */
    static Optional<InetAddress> parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap != text.lastIndexOf("::") || text.isEmpty()) {
            return Optional.empty();
        }
        String[] head = gap < 0 ? text.split(":", -1) : split(text.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : split(text.substring(gap + 2));
        int groups = head.length + tail.length;
        if (groups > 8 || (gap < 0 && groups != 8) || (gap >= 0 && groups > 7)) {
            return Optional.empty();
        }
        byte[] bytes = new byte[16];
        if (!fill(bytes, head, 0) || !fill(bytes, tail, 8 - tail.length)) {
            return Optional.empty();
        }
        return byAddress(bytes);
    }

    private static String[] split(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static boolean fill(byte[] bytes, String[] groups, int firstGroup) {
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (group.isEmpty() || group.length() > 4
                    || !group.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return false;
            }
            int value = Integer.parseInt(group, 16);
            bytes[2 * (firstGroup + i)] = (byte) (value >> 8);
            bytes[2 * (firstGroup + i) + 1] = (byte) value;
        }
        return true;
    }

    private static Optional<InetAddress> byAddress(byte[] bytes) {
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
