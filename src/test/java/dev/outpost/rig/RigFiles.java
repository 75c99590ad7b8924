package dev.outpost.rig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** File and mount helpers that never reach past the rig's own folders. */
final class RigFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RigFiles.class);
    private static final Duration UMOUNT_TIMEOUT = Duration.ofSeconds(30);

    private RigFiles() {
    }

    /** Lists the mount points at or below a folder, deepest first, from this process's mount namespace. */
    static List<Path> mountsAtOrBelow(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        List<Path> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                Path mountPoint = Path.of(unescape(line.split(" ")[4]));
                if (mountPoint.startsWith(root)) {
                    found.add(mountPoint);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    /** Unmounts everything at or below a folder, lazily where a plain unmount fails. */
    static void unmountAtOrBelow(Path folder) {
        for (Path mountPoint : mountsAtOrBelow(folder)) {
            ExecResult result = HostCommand.run(UMOUNT_TIMEOUT, Tools.path("umount"), mountPoint.toString());
            if (!result.succeeded()) {
                LOG.warn("Unmounting {} failed ({}), so the rig detaches it lazily.", mountPoint,
                        result.stderr().strip());
                HostCommand.run(UMOUNT_TIMEOUT, Tools.path("umount"), "-l", mountPoint.toString());
            }
        }
    }

    /**
     * Deletes a folder tree. Refuses while anything is mounted in it, and never crosses into another file system.
     */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> mounts = mountsAtOrBelow(folder);
        if (!mounts.isEmpty()) {
            throw new IOException("The rig will not delete " + folder + " while these are mounted in it: " + mounts);
        }
        Object device = Files.getAttribute(folder, "unix:dev", LinkOption.NOFOLLOW_LINKS);
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                boolean sameDevice = Objects.equals(device, Files.getAttribute(dir, "unix:dev",
                        LinkOption.NOFOLLOW_LINKS));
                return sameDevice ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Returns the last lines of a text file, or a note that it cannot be read. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(the rig could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
