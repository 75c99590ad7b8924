package dev.outpost.rig;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/** Finds the host programs that the rig runs, and checks whether the host can run the rig at all. */
final class Tools {

    static final List<String> REQUIRED = List.of("debootstrap", "systemd-nspawn", "ip", "tc", "ssh-keygen", "mount",
            "umount", "nsenter", "chroot", "unshare", "setsid");

    private Tools() {
    }

    /** Returns the absolute path of a host program, or fails if there is none. */
    static String path(String name) {
        return find(name).orElseThrow(() -> new GatewayRigException("The host has no program called " + name + "."));
    }

    static Optional<String> find(String name) {
        for (String dir : searchPath()) {
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static Set<String> searchPath() {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"));
        dirs.remove("");
        return dirs;
    }

    /**
     * Skips the calling test class when the host cannot run the rig, or fails it when {@code CI} is {@code true}.
     */
    static void requireUsableHost() {
        List<String> problems = problems();
        if (problems.isEmpty()) {
            return;
        }
        String reason = "The gateway rig cannot run here: " + String.join("; ", problems) + ".";
        if (RigConfig.inCi()) {
            throw new GatewayRigException(reason + " CI is true, so this is a failure and not a skip.");
        }
        Assumptions.abort(reason);
    }

    static List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            problems.add("it needs Linux, and this is " + System.getProperty("os.name"));
            return problems;
        }
        if (!isRoot()) {
            problems.add("it needs root (uid 0)");
        }
        for (String tool : REQUIRED) {
            if (find(tool).isEmpty()) {
                problems.add("the program " + tool + " is missing");
            }
        }
        if (!kernelHasOverlay()) {
            problems.add("the kernel has no overlay file system");
        }
        return problems;
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> "0".equals(line.split("\\s+")[1]));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean kernelHasOverlay() {
        try {
            return Files.readString(Path.of("/proc/filesystems")).contains("\toverlay");
        } catch (IOException e) {
            return false;
        }
    }
}
