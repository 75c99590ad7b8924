package dev.outpost.engine.facts;

import dev.outpost.engine.facts.GatewayFacts.ListeningSocket;
import dev.outpost.engine.facts.GatewayFacts.Routes;
import dev.outpost.engine.facts.GatewayFacts.TriState;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the kernel's socket and route tables as {@code /proc/net} prints them. Addresses there are hexadecimal in
 * the kernel's byte order, which is little-endian for IPv4 on every architecture K3s supports.
 */
final class ProcNet {

    private static final String TCP_LISTEN = "0A";
    private static final String UDP_UNCONNECTED = "07";

    private ProcNet() {
    }

    /** Parses one {@code /proc/net/tcp}-style table; {@code protocol} is {@code tcp} or {@code udp}. */
    static List<ListeningSocket> listening(String protocol, List<String> table) {
        List<ListeningSocket> sockets = new ArrayList<>();
        String wantedState = protocol.equals("tcp") ? TCP_LISTEN : UDP_UNCONNECTED;
        for (String line : table) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !fields[0].endsWith(":") || !fields[3].equalsIgnoreCase(wantedState)) {
                continue;
            }
            String[] local = fields[1].split(":");
            if (local.length != 2) {
                continue;
            }
            try {
                sockets.add(new ListeningSocket(protocol, hexAddress(local[0]), Integer.parseInt(local[1], 16)));
            } catch (NumberFormatException e) {
                // A row that is not hexadecimal is skipped; the other rows still count.
            }
        }
        return sockets;
    }

    /** Parses {@code /proc/net/route} and {@code /proc/net/ipv6_route} into the default routes. */
    static Routes defaultRoutes(List<String> ipv4Table, List<String> ipv6Table) {
        String gateway = null;
        String iface = null;
        for (String line : ipv4Table) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 8 && fields[1].equals("00000000") && fields[7].equals("00000000")) {
                iface = fields[0];
                gateway = hexAddress(fields[2]);
                break;
            }
        }
        return new Routes(gateway, iface, ipv6Default(ipv6Table));
    }

    private static TriState ipv6Default(List<String> table) {
        if (table.isEmpty()) {
            return TriState.UNKNOWN;
        }
        final String anyAddress = "0".repeat(32);
        final int rejectFlag = 0x0200;
        for (String line : table) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 10 || !fields[0].equals(anyAddress) || !fields[1].equals("00")) {
                continue;
            }
            try {
                int flags = Integer.parseInt(fields[8], 16);
                if ((flags & rejectFlag) == 0 && !fields[9].equals("lo")) {
                    return TriState.YES;
                }
            } catch (NumberFormatException e) {
                // Not a route row.
            }
        }
        return TriState.NO;
    }

    /** Converts a little-endian IPv4 or IPv6 address from {@code /proc/net} to its usual text form. */
    static String hexAddress(String hex) {
        if (hex.length() == 8) {
            long value = Long.parseLong(hex, 16);
            return (value & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + ((value >> 16) & 0xFF) + "."
                    + ((value >> 24) & 0xFF);
        }
        if (hex.length() == 32) {
            if (hex.chars().allMatch(c -> c == '0')) {
                return "::";
            }
            StringBuilder text = new StringBuilder();
            for (int word = 0; word < 4; word++) {
                String group = hex.substring(word * 8, word * 8 + 8);
                text.append(group, 6, 8).append(group, 4, 6).append(':');
                text.append(group, 2, 4).append(group, 0, 2).append(':');
            }
            return text.substring(0, text.length() - 1).toLowerCase();
        }
        throw new NumberFormatException("not an address: " + hex);
    }
}
