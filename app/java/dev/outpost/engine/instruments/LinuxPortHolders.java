package dev.outpost.engine.instruments;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds another process that has a serial device open, by reading the links under {@code /proc/PID/fd}, as gpsd
 * does before it opens a device. A process that holds a pseudo-terminal's master side as well is the program that
 * made the pseudo-terminal, not a competitor, so it does not count.
 *
 * <p>NOTE: without root, the open files of other users' processes cannot be read, so their use of a port goes
 * unseen here; opening the port then fails with EBUSY only where the holder asked for exclusive access.
 */
final class LinuxPortHolders {

    private final Path proc;
    private final long ownPid;

    LinuxPortHolders(Path proc, long ownPid) {
        this.proc = proc;
        this.ownPid = ownPid;
    }

    static LinuxPortHolders ofThisSystem() {
        return new LinuxPortHolders(Path.of("/proc"), ProcessHandle.current().pid());
    }

    /** Returns the holder as {@code name (process PID)}, or nothing when no other process has the device open. */
    Optional<String> holderOf(Path device) {
        Path real;
        try {
            real = device.toRealPath();
        } catch (IOException e) {
            return Optional.empty();
        }
        String ptyIndex = real.startsWith("/dev/pts") ? real.getFileName().toString() : null;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path process : processes) {
                if (process.getFileName().toString().equals(Long.toString(ownPid))) {
                    continue;
                }
                if (holds(process, real) && (ptyIndex == null || !holdsMaster(process, ptyIndex))) {
                    return Optional.of(name(process) + " (process " + process.getFileName() + ")");
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean holds(Path process, Path device) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                if (device.equals(link(fd)) && sameFile(fd, device)) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        return false;
    }

    /**
     * Checks that a link whose text names the device really is that device. A container with a pseudo-terminal
     * file system of its own, such as one started by systemd-nspawn, shows the same text {@code /dev/pts/0} for a
     * different terminal, and the two differ in their file system and inode.
     */
    private static boolean sameFile(Path fd, Path device) {
        try {
            return Files.isSameFile(fd, device);
        } catch (IOException | SecurityException e) {
            return true;
        }
    }

    /** True when the process has the master side of pseudo-terminal {@code index} open. */
    private static boolean holdsMaster(Path process, String index) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                Path target = link(fd);
                if (target != null && target.getFileName() != null
                        && target.getFileName().toString().equals("ptmx")) {
                    Path info = process.resolve("fdinfo").resolve(fd.getFileName());
                    for (String line : Files.readAllLines(info)) {
                        if (line.startsWith("tty-index:") && line.substring(10).strip().equals(index)) {
                            return true;
                        }
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        return false;
    }

    private static Path link(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String name(Path process) {
        try {
            return Files.readString(process.resolve("comm")).strip();
        } catch (IOException e) {
            return "a program";
        }
    }
}
