package dev.outpost.engine.bundle;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * A bundle stored as a {@code .tar} or {@code .tar.zst}, read as one stream without unpacking anything. The manifest
 * and its signature must be the archive's first two files. {@link TarIntegrity} checks the tar structure itself as
 * it passes. Until the manifest is read, the stream may expand to at
 * most {@link #PRE_MANIFEST_LIMIT} bytes; after that, to the manifest's sizes plus the tar headers' overhead.
 */
final class ArchiveSource implements BundleSource {

    /** The decompressed bytes allowed before the manifest is known: the manifest, its signature and headers. */
    static final long PRE_MANIFEST_LIMIT = ManifestJson.MAX_BYTES + 64 * 1024;
    /** Tar header bytes allowed per entry, enough for a PAX header with a long path. */
    private static final long HEADER_ALLOWANCE = 8 * 1024;
    /** The end-of-archive blocks and the padding to a full record, with room for directory entries. */
    private static final long TRAILER_ALLOWANCE = 1024 * 1024;
    private static final int BLOCK = 512;

    private final InputStream file;
    private final ExpansionLimit limit;
    private final TarIntegrity integrity;
    private final TarArchiveInputStream tar;
    private final Set<String> names = new HashSet<>();
    private byte[] manifest;
    private byte[] signature;

    private ArchiveSource(InputStream file, ExpansionLimit limit) {
        this.file = file;
        this.limit = limit;
        this.integrity = new TarIntegrity(limit);
        this.tar = new TarArchiveInputStream(integrity);
    }

    static ArchiveSource open(Path path, boolean zstd) throws BundleException, IOException {
        InputStream file = new BufferedInputStream(Files.newInputStream(path), Sha256.BUFFER_SIZE);
        InputStream decompressed = zstd ? new ZstdInputStreamNoFinalizer(file) : file;
        ArchiveSource source = new ArchiveSource(file, new ExpansionLimit(decompressed, PRE_MANIFEST_LIMIT));
        try {
            source.readHead();
            return source;
        } catch (BundleException | IOException | RuntimeException e) {
            source.close();
            throw e;
        }
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
        long bytes = limit.count() + TRAILER_ALLOWANCE;
        for (BundleArtifact artifact : expected.artifacts()) {
            bytes += HEADER_ALLOWANCE + (artifact.size() + BLOCK - 1) / BLOCK * BLOCK;
        }
        limit.limitTo(bytes);
    }

    @Override
    public void entries(EntryVisitor visitor) throws IOException, BundleException {
        String current = BundleManifest.SIGNATURE_FILE_NAME;
        try {
            TarArchiveEntry entry;
            while ((entry = nextFile()) != null) {
                current = entry.getName();
                visitor.visit(current, entry.getSize(), tar);
            }
            integrity.finish();
        } catch (ExpansionLimit.Exceeded e) {
            throw new BundleException(BundleException.Kind.REJECTED, current, "The archive expands to more bytes"
                    + " than its manifest declares (at or after " + current + "), so it is not the bundle head office"
                    + " built. Ask head office for a new bundle.", e);
        } catch (IOException e) {
            throw new BundleException(BundleException.Kind.REJECTED, current, "The archive is truncated or corrupt"
                    + " at or after " + current + ": " + e.getMessage() + " Copy the bundle again.", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            tar.close();
        } finally {
            file.close();
        }
    }

    private void readHead() throws BundleException, IOException {
        try {
            manifest = readSmall(BundleManifest.FILE_NAME, ManifestJson.MAX_BYTES);
            signature = readSmall(BundleManifest.SIGNATURE_FILE_NAME, ManifestSignature.LENGTH * 16);
        } catch (ExpansionLimit.Exceeded e) {
            throw new BundleException(BundleException.Kind.REJECTED, BundleManifest.FILE_NAME, "The archive's"
                    + " first entries expand to more than " + PRE_MANIFEST_LIMIT + " bytes, far more than a manifest."
                    + " Ask head office for a new bundle.", e);
        }
    }

    private byte[] readSmall(String expected, int max) throws BundleException, IOException {
        TarArchiveEntry entry;
        try {
            entry = nextFile();
        } catch (BundleException e) {
            throw e;
        } catch (ExpansionLimit.Exceeded e) {
            throw e;
        } catch (IOException e) {
            throw BundleException.unreadable(expected, "The bundle could not be read as a tar archive ("
                    + e.getMessage() + "). Choose the bundle file head office sent.", e);
        }
        if (entry == null || !entry.getName().equals(expected)) {
            String position = expected.equals(BundleManifest.FILE_NAME) ? "first" : "second";
            String found = entry == null ? "The archive has no " + position + " file, so it has no " + expected + "."
                    : "The archive's " + position + " file is " + entry.getName() + ", not " + expected + ".";
            String message = expected.equals(BundleManifest.SIGNATURE_FILE_NAME) && entry != null
                    ? FolderSource.missingMessage(expected)
                    : found + " " + FolderSource.missingMessage(expected);
            throw BundleException.rejected(expected, message);
        }
        if (entry.getSize() > max) {
            throw BundleException.rejected(expected, "The bundle's " + expected + " is larger than " + max
                    + " bytes. Ask head office for a new bundle.");
        }
        byte[] bytes = tar.readNBytes((int) entry.getSize());
        if (bytes.length != entry.getSize()) {
            throw BundleException.rejected(expected, "The archive ends inside " + expected + ": it is truncated."
                    + " Copy the bundle again.");
        }
        return bytes;
    }

    /** Returns the next regular file after checking every entry's name and type; a folder entry is rejected. */
    private TarArchiveEntry nextFile() throws IOException, BundleException {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String raw = entry.getName();
            String name = BundlePaths.trimTarName(raw);
            String problem = BundlePaths.problem(name).orElse(null);
            if (problem != null) {
                throw BundleException.rejected(raw, "The archive entry '" + raw + "' " + problem + ". Nothing was"
                        + " unpacked. Ask head office for a new bundle.");
            }
            checkType(entry, name);
            if (entry.isDirectory()) {
                throw BundleException.rejected(name, "The archive holds a folder entry " + name + ", which a bundle"
                        + " made by Outpost never has. Nothing was unpacked. Ask head office for a new bundle.");
            }
            if (!names.add(name)) {
                throw BundleException.rejected(name, "The archive contains " + name + " twice, so it is not clear which"
                        + " copy counts. Ask head office for a new bundle.");
            }
            return entry;
        }
        return null;
    }

    private static void checkType(TarArchiveEntry entry, String name) throws BundleException {
        if (entry.isSymbolicLink() || entry.isLink()) {
            String target = entry.getLinkName();
            String kind = entry.isSymbolicLink() ? "symbolic link" : "hard link";
            String base = entry.isSymbolicLink() && name.contains("/")
                    ? name.substring(0, name.lastIndexOf('/') + 1) : "";
            boolean outside = target.startsWith("/") || escapes(base + target);
            throw BundleException.rejected(name, "The archive entry " + name + " is a " + kind + (outside
                    ? " that points outside the bundle, to " + target : " to " + target) + "; a bundle contains only"
                    + " regular files. Nothing was unpacked. Ask head office for a new bundle.");
        }
        boolean special = entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO();
        if (special || !entry.isDirectory() && !entry.isFile()) {
            throw BundleException.rejected(name, "The archive entry " + name + " is not a regular file or folder."
                    + " Nothing was unpacked. Ask head office for a new bundle.");
        }
    }

    /** Returns whether a relative link target climbs above the archive's root. */
    private static boolean escapes(String path) {
        int depth = 0;
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                depth--;
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                return true;
            }
        }
        return false;
    }
}
