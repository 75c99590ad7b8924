package dev.outpost.engine.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The kernel's view of a network interface on Linux, read from {@code /sys/class/net/NAME}. Java's
 * {@link java.net.NetworkInterface} omits interfaces that are down or have no address, and this view separates such an
 * interface from one that does not exist.
 */
final class LinkState {

    private static final Path LINUX_ROOT = Path.of("/sys/class/net");
    private static final int IFF_UP = 0x1;

    private final Path root;

    LinkState(Path root) {
        this.root = root;
    }

    /** Returns the view on Linux, and empty on other systems, which have no such directory. */
    static Optional<LinkState> onThisSystem() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        return linux && Files.isDirectory(LINUX_ROOT) ? Optional.of(new LinkState(LINUX_ROOT)) : Optional.empty();
    }

    boolean exists(String name) {
        return !name.contains("/") && !name.equals(".") && !name.equals("..") && Files.isDirectory(root.resolve(name));
    }

    /**
     * Tells whether the interface is turned on and has a carrier (a cable with a live device at its other end).
     * The kernel rejects reading {@code carrier} while the interface is turned off, which counts as no carrier.
     */
    boolean hasCarrier(String name) {
        if (!exists(name)) {
            return false;
        }
        boolean turnedOn = read(name, "flags").map(LinkState::hasUpFlag).orElse(true);
        return turnedOn && read(name, "carrier").map("1"::equals).orElse(false);
    }

    /** Tells whether the kernel reports that the interface, though turned on, has no carrier. */
    boolean reportsNoCarrier(String name) {
        return exists(name) && read(name, "carrier").map("0"::equals).orElse(false);
    }

    private static boolean hasUpFlag(String flags) {
        try {
            return (Integer.decode(flags) & IFF_UP) != 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private Optional<String> read(String name, String attribute) {
        try {
            return Optional.of(Files.readString(root.resolve(name).resolve(attribute)).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
