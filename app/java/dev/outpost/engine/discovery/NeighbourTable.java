package dev.outpost.engine.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the IPv4 neighbour (ARP) table of one interface: the link-local addresses the laptop has already heard
 * from on that link. Reading it sends nothing.
 *
 * <p>Linux is read from {@code /proc/net/arp}. macOS and Windows are read from the output of {@code arp -a}; those
 * two parsers are tested on recorded output only, not on those systems.
 */
final class NeighbourTable {

    private static final Logger log = LoggerFactory.getLogger(NeighbourTable.class);
    private static final Path LINUX_TABLE = Path.of("/proc/net/arp");
    private static final int LINUX_FLAG_COMPLETE = 0x2;
    private static final Pattern BSD_ENTRY = Pattern.compile(
            "^\\S+ \\((\\d+\\.\\d+\\.\\d+\\.\\d+)\\) at ([0-9a-fA-F:]+) on (\\S+)");
    private static final Pattern WINDOWS_ENTRY = Pattern.compile(
            "^\\s*(\\d+\\.\\d+\\.\\d+\\.\\d+)\\s+([0-9a-fA-F]{2}(?:-[0-9a-fA-F]{2}){5})\\s+(\\S+)");

    private NeighbourTable() {
    }

    /**
     * Returns the 169.254/16 neighbours of the interface, read on this operating system. Returns an empty list,
     * with the reason in the log, when the table cannot be read.
     */
    static List<InetAddress> linkLocalNeighbours(SearchedInterface network) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        try {
            if (os.contains("linux")) {
                return parseLinux(Files.readString(LINUX_TABLE), network.name());
            }
            if (os.contains("mac") || os.contains("darwin")) {
                return parseBsd(SystemCommand.output(List.of("arp", "-a", "-n", "-i", network.name())),
                        network.name());
            }
            if (os.contains("windows")) {
                String own = network.addresses().stream().map(SearchedInterface.LinkAddress::address)
                        .filter(java.net.Inet4Address.class::isInstance).map(InetAddress::getHostAddress)
                        .findFirst().orElse(null);
                return own == null ? List.of()
                        : parseWindows(SystemCommand.output(List.of("arp", "-a", "-N", own)));
            }
            log.debug("The neighbour table is not read on {}.", os);
        } catch (IOException e) {
            log.debug("The neighbour table of {} could not be read.", network.name(), e);
        }
        return List.of();
    }

    /** Parses Linux's {@code /proc/net/arp}, keeping complete entries of the named device. */
    static List<InetAddress> parseLinux(String table, String interfaceName) {
        List<InetAddress> found = new ArrayList<>();
        for (String line : table.lines().skip(1).toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 6 || !fields[5].equals(interfaceName)) {
                continue;
            }
            int flags;
            try {
                flags = Integer.decode(fields[2]);
            } catch (NumberFormatException e) {
                continue;
            }
            if ((flags & LINUX_FLAG_COMPLETE) != 0 && !fields[3].equals("00:00:00:00:00:00")) {
                addLinkLocal(found, fields[0]);
            }
        }
        return found;
    }

    /** Parses macOS's {@code arp -a -n}, such as {@code ? (169.254.3.11) at 2:11:22:33:44:55 on en5 [ethernet]}. */
    static List<InetAddress> parseBsd(String output, String interfaceName) {
        List<InetAddress> found = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher entry = BSD_ENTRY.matcher(line.trim());
            if (entry.find() && entry.group(3).equals(interfaceName) && !entry.group(2).equalsIgnoreCase(
                    "ff:ff:ff:ff:ff:ff")) {
                addLinkLocal(found, entry.group(1));
            }
        }
        return found;
    }

    /** Parses Windows's {@code arp -a -N ADDRESS}, which lists one interface; keeps the dynamic entries. */
    static List<InetAddress> parseWindows(String output) {
        List<InetAddress> found = new ArrayList<>();
        for (String line : output.lines().toList()) {
            Matcher entry = WINDOWS_ENTRY.matcher(line);
            if (entry.find() && !entry.group(2).equalsIgnoreCase("ff-ff-ff-ff-ff-ff")
                    && entry.group(3).toLowerCase(Locale.ROOT).startsWith("dyn")) {
                addLinkLocal(found, entry.group(1));
            }
        }
        return found;
    }

    private static void addLinkLocal(List<InetAddress> found, String text) {
        AddressText.parseIpv4(text).filter(InetAddress::isLinkLocalAddress)
                .filter(address -> !found.contains(address)).ifPresent(found::add);
    }
}
