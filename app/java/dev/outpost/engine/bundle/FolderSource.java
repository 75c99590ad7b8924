package dev.outpost.engine.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A bundle stored as a folder. Symbolic links are rejected because a bundle contains only regular files. */
final class FolderSource implements BundleSource {

    private final Path root;
    private final byte[] manifest;
    private final byte[] signature;

    private FolderSource(Path root, byte[] manifest, byte[] signature) {
        this.root = root;
        this.manifest = manifest;
        this.signature = signature;
    }

    static FolderSource open(Path root) throws BundleException, IOException {
        byte[] manifest = readSmall(root, BundleManifest.FILE_NAME, ManifestJson.MAX_BYTES);
        byte[] signature = readSmall(root, BundleManifest.SIGNATURE_FILE_NAME, ManifestSignature.LENGTH * 16);
        return new FolderSource(root, manifest, signature);
    }

    @Override
    public byte[] manifest() {
        return manifest;
    }

    @Override
    public byte[] signature() {
        return signature;
    }

    @Override
    public void expect(BundleManifest expected) {
        // Files in a folder are read with their declared lengths; nothing expands.
    }

    @Override
    public void entries(EntryVisitor visitor) throws IOException, BundleException {
        Path base = root.toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.sorted().toList()) {
                String path = root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/");
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) || path.equals(BundleManifest.FILE_NAME)
                        || path.equals(BundleManifest.SIGNATURE_FILE_NAME)) {
                    continue;
                }
                checkRegular(base, file, path);
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    visitor.visit(path, Files.size(file), in);
                }
            }
        }
    }

    @Override
    public void close() {
        // Each file is closed after its visit.
    }

    private static void checkRegular(Path base, Path file, String path) throws IOException, BundleException {
        if (Files.isSymbolicLink(file)) {
            Path target = file.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(file)).normalize();
            String where = target.startsWith(base) ? "points to " + base.relativize(target)
                    : "points outside the bundle, to " + target;
            throw BundleException.rejected(path, "The bundle's " + path + " is a symbolic link that " + where
                    + "; a bundle contains only regular files. Ask head office for a new bundle.");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw BundleException.rejected(path, "The bundle's " + path + " is not a regular file. Ask head office"
                    + " for a new bundle.");
        }
    }

    private static byte[] readSmall(Path root, String name, int max) throws BundleException, IOException {
        Path file = root.resolve(name);
        if (Files.isSymbolicLink(file)) {
            throw BundleException.rejected(name, "The bundle's " + name + " is a symbolic link; a bundle contains only"
                    + " regular files. Ask head office for a new bundle.");
        }
        try {
            if (Files.size(file) > max) {
                throw BundleException.rejected(name, "The bundle's " + name + " is larger than " + max + " bytes."
                        + " Ask head office for a new bundle.");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw BundleException.rejected(name, missingMessage(name));
        }
    }

    static String missingMessage(String name) {
        return name.equals(BundleManifest.SIGNATURE_FILE_NAME)
                ? "The bundle has no " + name + ": it is not signed. Ask head office for a signed bundle."
                : "The bundle has no " + name + " at its root. Choose the bundle folder or archive head office sent.";
    }
}
