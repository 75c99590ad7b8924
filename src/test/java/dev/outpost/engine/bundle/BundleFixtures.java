package dev.outpost.engine.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds test bundles from the stand-in files that {@code installer-bundles/test-stand-in.json} names, and crafts
 * archives entry by entry for the bad-input tests.
 */
final class BundleFixtures {

    static final Path RECIPE = Path.of("installer-bundles", "test-stand-in.json");
    static final Path STAND_INS = Path.of("src", "test", "resources", "dev", "outpost", "engine", "bundle",
            "stand-ins");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T09:00:00Z"), ZoneOffset.UTC);
    static final KeyPair HEAD_OFFICE = SigningKeys.generate();

    private BundleFixtures() {
    }

    /** Returns the bundle paths of the test recipe, in recipe order. */
    static List<String> recipePaths() {
        try {
            JsonNode recipe = new ObjectMapper().readTree(RECIPE.toFile());
            return recipe.get("artifacts").findValuesAsText("path");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every stand-in file to its place in a source folder laid out by {@link BundleLayout}. */
    static Path sourceFolder(Path dir) throws IOException {
        JsonNode recipe = new ObjectMapper().readTree(RECIPE.toFile());
        Path source = dir.resolve("source");
        for (JsonNode artifact : recipe.get("artifacts")) {
            String from = artifact.get("from").asText();
            Path target = source.resolve(artifact.get("path").asText());
            Files.createDirectories(target.getParent());
            Files.copy(STAND_INS.resolve(from.substring("stand-in:".length())), target);
        }
        return source;
    }

    /** Builds the test bundle in the form the name's ending selects, signed by {@link #HEAD_OFFICE}. */
    static Path bundle(Path dir, String name) throws Exception {
        Path out = dir.resolve(name);
        new BundleWriter(CLOCK).create(sourceFolder(dir), out, "test-bundle", HEAD_OFFICE.getPrivate());
        return out;
    }

    static BundleVerification verify(Path bundle) throws Exception {
        return new BundleVerifier().verify(bundle, List.of(HEAD_OFFICE.getPublic()), BundleProgressListener.NONE);
    }

    /** Reads every entry of a tar or tar.zst into memory, in order; only for the small test bundles. */
    static Map<String, byte[]> entries(Path archive) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new java.io.ByteArrayInputStream(
                tarBytes(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                entries.put(entry.getName(), tar.readAllBytes());
            }
        }
        return entries;
    }

    /** Returns the uncompressed tar bytes of a tar or tar.zst. */
    static byte[] tarBytes(Path archive) throws IOException {
        byte[] bytes = Files.readAllBytes(archive);
        if (!archive.toString().endsWith(".zst")) {
            return bytes;
        }
        try (InputStream in = new ZstdInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    /** Writes tar bytes to the path, compressing them when the path ends in {@code .zst}. */
    static void writeArchive(Path archive, byte[] tar) throws IOException {
        Files.write(archive, archive.toString().endsWith(".zst") ? Zstd.compress(tar) : tar);
    }

    /** Builds tar bytes from entries written by the callback. */
    static byte[] tar(TarContent content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            content.write(tar);
            tar.finish();
        }
        return bytes.toByteArray();
    }

    static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** Writes a tar's entries. */
    @FunctionalInterface
    interface TarContent {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    /** Signs manifest bytes with head office's key. */
    static byte[] sign(byte[] manifest) {
        return ManifestSignature.sign(manifest, HEAD_OFFICE.getPrivate());
    }

    /** Returns the byte offset of an entry's data inside the uncompressed tar, found by its unique content. */
    static long dataOffset(byte[] tar, String name) throws IOException {
        byte[] data;
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null && !entry.getName().equals(name)) {
                continue;
            }
            if (entry == null) {
                throw new IllegalArgumentException(name + " is not in the archive");
            }
            data = in.readAllBytes();
        }
        for (int i = 0; i + data.length <= tar.length; i++) {
            if (java.util.Arrays.equals(tar, i, i + data.length, data, 0, data.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + " has no data in the archive");
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x01;
        Files.write(file, bytes);
    }
}
