package dev.outpost.engine.bundle;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds a signed bundle from a source folder laid out by {@link BundleLayout}: hashes each file once, writes and
 * signs the manifest, then writes the bundle as a folder, a {@code .tar} or a {@code .tar.zst}. Never downloads
 * anything. In archives the manifest and its signature are the first two entries, which lets a verifier check the
 * signature before it reads any artifact. Blocks until the bundle is written.
 */
public final class BundleWriter {

    private static final Logger log = LoggerFactory.getLogger(BundleWriter.class);
    private static final int ZSTD_LEVEL = 3;

    private final Clock clock;

    public BundleWriter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Builds the bundle.
     *
     * @param source the folder with the artifacts
     * @param out    the bundle to write: a folder, or a file ending in {@code .tar} or {@code .tar.zst}; must not exist
     * @return the manifest that was written
     */
    public BundleManifest create(Path source, Path out, String name, PrivateKey key) throws BundleException,
            IOException {
        checkOutput(source, out);
        List<BundleLayout.SourceFile> files = BundleLayout.scan(source);
        log.info("Hashing {} files from {} for bundle {}.", files.size(), source, name);
        BundleManifest manifest = manifest(files, name, key);
        byte[] manifestBytes = new ManifestJson().write(manifest);
        byte[] signature = ManifestSignature.sign(manifestBytes, key);
        Map<String, Path> sources = new LinkedHashMap<>();
        files.forEach(f -> sources.put(f.path(), f.file()));

        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        if (Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
            throw BundleException.unreadable(partial.toString(), "Outpost writes the new bundle to " + partial
                    + " first, but something with that name is already there. Move it away or choose another --out.",
                    null);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw BundleException.unreadable(out.toString(), "The folder " + parent + " for the new bundle does not"
                    + " exist. Create it or choose another --out.", null);
        }
        try {
            switch (BundleForm.of(out)) {
                case FOLDER -> writeFolder(partial, manifest, manifestBytes, signature, sources);
                case TAR -> writeTar(Files.newOutputStream(partial), manifest, manifestBytes, signature, sources);
                case TAR_ZSTD -> writeTar(zstd(partial), manifest, manifestBytes, signature, sources);
            }
            Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(partial);
        }
        log.info("Wrote bundle {} to {}: {} artifacts, {} bytes.", name, out, manifest.artifacts().size(),
                manifest.totalSize());
        return manifest;
    }

    private static void checkOutput(Path source, Path out) throws BundleException {
        if (Files.exists(out)) {
            throw BundleException.unreadable(out.toString(), "The output " + out + " already exists. Choose a new"
                    + " name or remove it first.", null);
        }
        if (out.toAbsolutePath().normalize().startsWith(source.toAbsolutePath().normalize())) {
            throw BundleException.unreadable(out.toString(), "The output " + out + " is inside the source folder "
                    + source + ". Write the bundle somewhere else.", null);
        }
    }

    private BundleManifest manifest(List<BundleLayout.SourceFile> files, String name, PrivateKey key)
            throws IOException {
        Map<String, BundleComponent> components = new LinkedHashMap<>();
        List<BundleArtifact> artifacts = new ArrayList<>();
        byte[] buffer = new byte[Sha256.BUFFER_SIZE];
        for (BundleLayout.SourceFile file : files) {
            components.putIfAbsent(file.component(), new BundleComponent(file.component(), file.version()));
            Sha256.Digest digest;
            try (InputStream in = Files.newInputStream(file.file())) {
                digest = Sha256.digest(in, Long.MAX_VALUE, buffer, n -> { });
            }
            artifacts.add(new BundleArtifact(file.path(), file.role(), file.architecture(), digest.size(),
                    digest.hex()));
        }
        Instant createdAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String signer = SigningKeys.fingerprint(SigningKeys.publicKeyOf(key));
        return new BundleManifest(name, createdAt, signer, List.copyOf(components.values()), artifacts);
    }

    private static void writeFolder(Path folder, BundleManifest manifest, byte[] manifestBytes, byte[] signature,
            Map<String, Path> sources) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve(BundleManifest.FILE_NAME), manifestBytes);
        Files.write(folder.resolve(BundleManifest.SIGNATURE_FILE_NAME), signature);
        for (BundleArtifact artifact : manifest.artifacts()) {
            Path target = folder.resolve(artifact.path());
            Files.createDirectories(target.getParent());
            Files.copy(sources.get(artifact.path()), target);
            if (Files.size(target) != artifact.size()) {
                throw new IOException(artifact.path() + " changed while the bundle was being built.");
            }
        }
    }

    private static void writeTar(OutputStream target, BundleManifest manifest, byte[] manifestBytes,
            byte[] signature, Map<String, Path> sources) throws IOException {
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new BufferedOutputStream(target,
                Sha256.BUFFER_SIZE))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            Instant time = manifest.createdAt();
            putBytes(tar, BundleManifest.FILE_NAME, manifestBytes, time);
            putBytes(tar, BundleManifest.SIGNATURE_FILE_NAME, signature, time);
            byte[] buffer = new byte[Sha256.BUFFER_SIZE];
            for (BundleArtifact artifact : manifest.artifacts()) {
                tar.putArchiveEntry(entry(artifact.path(), artifact.size(), executable(artifact), time));
                long copied = 0;
                try (InputStream in = Files.newInputStream(sources.get(artifact.path()))) {
                    int n;
                    while (copied < artifact.size() && (n = in.read(buffer, 0, (int) Math.min(buffer.length,
                            artifact.size() - copied))) > 0) {
                        tar.write(buffer, 0, n);
                        copied += n;
                    }
                }
                if (copied != artifact.size()) {
                    throw new IOException(artifact.path() + " changed while the bundle was being built.");
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private static void putBytes(TarArchiveOutputStream tar, String name, byte[] bytes, Instant time)
            throws IOException {
        tar.putArchiveEntry(entry(name, bytes.length, false, time));
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size, boolean executable, Instant time) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setMode(executable ? 0100755 : 0100644);
        entry.setModTime(java.nio.file.attribute.FileTime.from(time));
        entry.setIds(0, 0);
        entry.setNames("root", "root");
        return entry;
    }

    private static boolean executable(BundleArtifact artifact) {
        return artifact.role() == ArtifactRole.K3S_BINARY || artifact.role() == ArtifactRole.K3S_INSTALL_SCRIPT;
    }

    private static OutputStream zstd(Path file) throws IOException {
        ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(new BufferedOutputStream(
                Files.newOutputStream(file), Sha256.BUFFER_SIZE), ZSTD_LEVEL);
        zstd.setWorkers(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));
        zstd.setChecksum(true);
        return zstd;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
