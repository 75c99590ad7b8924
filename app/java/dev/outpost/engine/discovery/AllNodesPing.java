package dev.outpost.engine.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends two ICMPv6 echo requests to the all-nodes address {@code ff02::1} on one interface, with the system's
 * {@code ping} command, and collects the link-local addresses that reply. Every IPv6 host on the link replies, so
 * this finds a gateway that has no IPv4 address the laptop can reach.
 *
 * <p>The system command is used because sending ICMP from Java needs raw sockets, which need root; {@code ping}
 * has the privilege it needs on every desktop system. Linux's iputils form is tested on this project's rig; the
 * macOS and Windows forms are tested on recorded output only.
 */
final class AllNodesPing {

    static final String ALL_NODES = "ff02::1";
    /** How long one ping may run: two requests a second apart, then a wait for late replies. */
    static final Duration LIMIT = Duration.ofSeconds(4);

    private static final Logger log = LoggerFactory.getLogger(AllNodesPing.class);
    private static final Pattern LINK_LOCAL = Pattern.compile("(?i)\\b(fe80:[0-9a-f:]*[0-9a-f])(%[^\\s:,)]+)?");

    /** The operating systems whose {@code ping} differs. */
    enum Flavour { LINUX, MACOS, WINDOWS }

    private AllNodesPing() {
    }

    static Flavour current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("windows")) {
            return Flavour.WINDOWS;
        }
        return os.contains("mac") || os.contains("darwin") ? Flavour.MACOS : Flavour.LINUX;
    }

    /** Returns the command line that pings the all-nodes address on the interface, twice, within two seconds. */
    static List<String> command(Flavour flavour, Path program, SearchedInterface network) {
        return switch (flavour) {
            case LINUX -> List.of(program.toString(), "-6", "-n", "-c", "2", "-w", "2", "-I", network.name(),
                    ALL_NODES);
            case MACOS -> List.of(program.toString(), "-n", "-c", "2", "-i", "1", "-I", network.name(),
                    ALL_NODES);
            case WINDOWS -> List.of(program.toString(), "-6", "-n", "2", "-w", "2000",
                    ALL_NODES + "%" + network.index());
        };
    }

    /** Returns the name of the ping program of this flavour. */
    static String programName(Flavour flavour) {
        return flavour == Flavour.MACOS ? "ping6" : "ping";
    }

    /**
     * Pings and returns the addresses that replied, without the laptop's own. Empty, with the reason in the log,
     * when the command fails.
     *
     * @throws IOException when the command cannot be started at all
     */
    static List<InetAddress> ping(Path program, SearchedInterface network) throws IOException {
        List<String> command = command(current(), program, network);
        log.debug("Sending two IPv6 echo requests to {} on {}: {}", ALL_NODES, network.name(),
                String.join(" ", command));
        String output = SystemCommand.output(command, LIMIT);
        List<InetAddress> replies = parseReplies(output).stream().filter(a -> !network.isOwnAddress(a)).toList();
        log.debug("{} other hosts replied to the IPv6 echo on {}.", replies.size(), network.name());
        return replies;
    }

    /**
     * Finds the IPv6 link-local addresses in a ping's output, without their scope and each once. The header line,
     * which names the laptop's own source address, is skipped; the caller drops the laptop's other addresses.
     */
    static List<InetAddress> parseReplies(String output) {
        List<InetAddress> found = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("PING") || trimmed.startsWith("Pinging")) {
                continue;
            }
            Matcher match = LINK_LOCAL.matcher(trimmed);
            while (match.find()) {
                parse(match.group(1)).filter(address -> !found.contains(address)).ifPresent(found::add);
            }
        }
        return found;
    }

    private static Optional<InetAddress> parse(String text) {
        return AddressText.parseIpv6(text).filter(InetAddress::isLinkLocalAddress);
    }
}
