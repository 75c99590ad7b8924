package dev.outpost.engine.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Crafted bad bundles, each rejected with a message that names the file and what is wrong. The archive cases run
 * for {@code .tar} and {@code .tar.zst}; the folder cases where a folder can have the fault.
 */
class BundleSafetyTest {

    private static final String BINARY = "k3s/v1.29.1+k3s1/amd64/k3s";
    private static final String IMAGES = "linkerd/stable-2.14.10/amd64/linkerd-images-amd64.tar";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar", "bundle.tar.zst"})
    void unsignedIsRejected(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        if (form.equals("bundle")) {
            Files.delete(bundle.resolve("manifest.json.sig"));
        } else {
            rewrite(bundle, entries -> entries.remove("manifest.json.sig"));
        }

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("manifest.json.sig");
        assertThat(e.getMessage()).contains("not signed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar", "bundle.tar.zst"})
    void badSignatureIsRejected(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        if (form.equals("bundle")) {
            BundleFixtures.flipByte(bundle.resolve("manifest.json.sig"), 10);
        } else {
            rewrite(bundle, entries -> entries.get("manifest.json.sig")[10] ^= 1);
        }

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("manifest.json.sig");
        assertThat(e.getMessage()).contains("does not match manifest.json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar", "bundle.tar.zst"})
    void unknownKeyIsRejected(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);

        BundleException e = catchThrowableOfType(BundleException.class, () -> new BundleVerifier().verify(bundle,
                List.of(SigningKeys.generate().getPublic()), BundleProgressListener.NONE));

        assertThat(e.kind()).isEqualTo(BundleException.Kind.REJECTED);
        assertThat(e.getMessage()).contains(SigningKeys.fingerprint(BundleFixtures.HEAD_OFFICE.getPublic()))
                .contains("not among the trusted keys");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar", "bundle.tar.zst"})
    void missingArtifactIsNamed(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        if (form.equals("bundle")) {
            Files.delete(bundle.resolve(BINARY));
        } else {
            rewrite(bundle, entries -> entries.remove(BINARY));
        }

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo(BINARY);
        assertThat(e.getMessage()).contains("missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar", "bundle.tar.zst"})
    void extraArtifactIsNamed(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        if (form.equals("bundle")) {
            Files.writeString(bundle.resolve("k3s/extra.sh"), "echo extra");
        } else {
            rewrite(bundle, entries -> entries.put("k3s/extra.sh", "echo extra".getBytes(StandardCharsets.UTF_8)));
        }

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("k3s/extra.sh");
        assertThat(e.getMessage()).contains("extra file");
    }

    @Test
    void truncatedFolderArtifactIsNamed() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle");
        Path file = bundle.resolve(IMAGES);
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 10));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo(IMAGES);
        assertThat(e.getMessage()).contains("truncated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.tar", "bundle.tar.zst"})
    void truncatedArchiveIsNamed(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        byte[] tar = BundleFixtures.tarBytes(bundle);
        long cut = BundleFixtures.dataOffset(tar, IMAGES) + 10;
        BundleFixtures.writeArchive(bundle, Arrays.copyOf(tar, (int) cut));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo(IMAGES);
        assertThat(e.getMessage()).contains("truncated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar", "bundle.tar.zst"})
    void sizeMismatchIsNamed(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        byte[] manifest = editManifest(bundle, root -> ((ObjectNode) root.withArray("artifacts").get(1))
                .put("size", 4096));
        String path = new ManifestJson().read(manifest).artifacts().get(1).path();
        replaceManifest(bundle, form, manifest);

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo(path);
        assertThat(e.getMessage()).contains("the manifest records 4096");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar", "bundle.tar.zst"})
    void unknownSchemaIsRejected(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        replaceManifest(bundle, form, editManifest(bundle, root -> root.put("schemaVersion", 2)));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("manifest.json");
        assertThat(e.getMessage()).contains("schema version 2").contains("reads only version 1");
    }

    @Test
    void textSchemaVersionIsNamed() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle");
        replaceManifest(bundle, "bundle", editManifest(bundle, root -> root.put("schemaVersion", "1")));

        assertThat(rejected(bundle).getMessage()).contains("schemaVersion that is not a whole number");
    }

    @Test
    void fractionalSizeIsRejected() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle");
        replaceManifest(bundle, "bundle", editManifest(bundle, root -> ((ObjectNode) root.withArray("artifacts")
                .get(0)).put("size", 20000.0)));

        assertThat(rejected(bundle).getMessage()).contains("no valid size");
    }

    @Test
    void duplicateManifestKeyIsRejected() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle");
        String original = Files.readString(bundle.resolve("manifest.json"));
        String duplicated = original.replaceFirst("\\{", "{\n  \"name\" : \"other\",");
        replaceManifest(bundle, "bundle", duplicated.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(rejected(bundle).getMessage()).contains("not valid JSON");
    }

    @Test
    void trailingTextAfterManifestIsRejected() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle");
        String original = Files.readString(bundle.resolve("manifest.json"));
        replaceManifest(bundle, "bundle", (original + "\n{\"extra\": 1}").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));

        assertThat(rejected(bundle).getMessage()).contains("not valid JSON");
    }

    @Test
    void roleContradictingPathIsRejected() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle.tar");
        byte[] edited = editManifest(bundle, root -> {
            for (var artifact : root.withArray("artifacts")) {
                if (artifact.path("path").asText().endsWith("/amd64/k3s")) {
                    ((ObjectNode) artifact).put("role", "linkerd-images");
                }
            }
        });
        replaceManifest(bundle, "bundle.tar", edited);

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).endsWith("/amd64/k3s");
        assertThat(e.getMessage()).contains("which its path does not");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar.zst"})
    void unsafeManifestPathIsRejected(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        replaceManifest(bundle, form, editManifest(bundle, root -> ((ObjectNode) root.withArray("artifacts").get(0))
                .put("path", "../outside/install.sh")));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("../outside/install.sh");
        assertThat(e.getMessage()).contains("'..'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.tar", "bundle.tar.zst"})
    void absoluteEntryIsRejected(String form) throws Exception {
        Path bundle = craft(form, tar -> {
            TarArchiveEntry entry = new TarArchiveEntry("/etc/cron.d/outpost", true);
            entry.setSize(1);
            tar.putArchiveEntry(entry);
            tar.write('x');
            tar.closeArchiveEntry();
        });

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("/etc/cron.d/outpost");
        assertThat(e.getMessage()).contains("absolute path").contains("Nothing was unpacked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.tar", "bundle.tar.zst"})
    void parentEntryIsRejected(String form) throws Exception {
        Path bundle = craft(form, tar -> BundleFixtures.file(tar, "k3s/../../evil.sh", new byte[] {1}));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("k3s/../../evil.sh");
        assertThat(e.getMessage()).contains("'..'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.tar", "bundle.tar.zst"})
    void symlinkOutsideIsRejected(String form) throws Exception {
        Path bundle = craft(form, tar -> BundleFixtures.link(tar, "k3s/escape", "../../etc/passwd",
                TarConstants.LF_SYMLINK));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("k3s/escape");
        assertThat(e.getMessage()).contains("symbolic link that points outside the bundle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.tar", "bundle.tar.zst"})
    void hardLinkOutsideIsRejected(String form) throws Exception {
        Path bundle = craft(form, tar -> BundleFixtures.link(tar, "k3s/shadow", "/etc/shadow", TarConstants.LF_LINK));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("k3s/shadow");
        assertThat(e.getMessage()).contains("hard link that points outside the bundle");
    }

    @Test
    void folderSymlinkOutsideIsRejected() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle");
        Files.createSymbolicLink(bundle.resolve("k3s/escape"), Path.of("/etc/passwd"));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("k3s/escape");
        assertThat(e.getMessage()).contains("points outside the bundle");
    }

    @Test
    void folderSymlinkArtifactIsRejected() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle");
        Path binary = bundle.resolve(BINARY);
        Path real = bundle.resolve("k3s/real-k3s");
        Files.move(binary, real);
        Files.createSymbolicLink(binary, real);

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isIn(BINARY, "k3s/real-k3s");
        assertThat(e.getMessage()).containsAnyOf("symbolic link", "extra file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.tar", "bundle.tar.zst"})
    void duplicateEntryIsRejected(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        Map<String, byte[]> entries = BundleFixtures.entries(bundle);
        BundleFixtures.writeArchive(bundle, BundleFixtures.tar(tar -> {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                BundleFixtures.file(tar, entry.getKey(), entry.getValue());
            }
            BundleFixtures.file(tar, BINARY, "k3s-stand-in, second copy".getBytes(StandardCharsets.UTF_8));
        }));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo(BINARY);
        assertThat(e.getMessage()).contains("twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.tar", "bundle.tar.zst"})
    void bombBeforeManifestIsStopped(String form) throws Exception {
        Path bundle = dir.resolve(form);
        BundleFixtures.writeArchive(bundle, BundleFixtures.tar(tar -> {
            TarArchiveEntry entry = new TarArchiveEntry("manifest.json", true);
            entry.addPaxHeader("comment", "x".repeat(16 * 1024 * 1024));
            entry.setSize(2);
            tar.putArchiveEntry(entry);
            tar.write("{}".getBytes(StandardCharsets.UTF_8));
            tar.closeArchiveEntry();
        }));

        BundleException e = rejected(bundle);

        assertThat(e.artifact()).isEqualTo("manifest.json");
        assertThat(e.getMessage()).contains("expand to more than");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.tar", "bundle.tar.zst"})
    void bombAfterManifestIsStopped(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        Map<String, byte[]> entries = BundleFixtures.entries(bundle);
        BundleFixtures.writeArchive(bundle, BundleFixtures.tar(tar -> {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry header = new TarArchiveEntry(entry.getKey(), true);
                if (entry.getKey().equals(IMAGES)) {
                    header.addPaxHeader("comment", "x".repeat(8 * 1024 * 1024));
                }
                header.setSize(entry.getValue().length);
                tar.putArchiveEntry(header);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }));

        BundleException e = rejected(bundle);

        assertThat(e.getMessage()).contains("expands to more bytes than its manifest declares");
    }

    @Test
    void missingBundleIsUnreadable() {
        BundleException e = catchThrowableOfType(BundleException.class,
                () -> BundleFixtures.verify(dir.resolve("nowhere.tar.zst")));

        assertThat(e.kind()).isEqualTo(BundleException.Kind.UNREADABLE);
        assertThat(e.getMessage()).contains("nowhere.tar.zst").contains("does not exist");
    }

    @Test
    void wrongEndingIsUnreadable() throws Exception {
        Path file = Files.writeString(dir.resolve("bundle.zip"), "not a bundle");

        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleFixtures.verify(file));

        assertThat(e.kind()).isEqualTo(BundleException.Kind.UNREADABLE);
        assertThat(e.getMessage()).contains(".tar or .tar.zst");
    }

    private BundleException rejected(Path bundle) {
        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleFixtures.verify(bundle));
        assertThat(e).as("verification of %s", bundle).isNotNull();
        assertThat(e.kind()).isEqualTo(BundleException.Kind.REJECTED);
        return e;
    }

    /** Rebuilds an archive bundle with changed entries, keeping their order. */
    private static void rewrite(Path bundle, java.util.function.Consumer<Map<String, byte[]>> change)
            throws Exception {
        Map<String, byte[]> entries = BundleFixtures.entries(bundle);
        change.accept(entries);
        BundleFixtures.writeArchive(bundle, BundleFixtures.tar(tar -> {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                BundleFixtures.file(tar, entry.getKey(), entry.getValue());
            }
        }));
    }

    /** Builds a valid signed archive bundle and appends the crafted entries after its artifacts. */
    private Path craft(String form, BundleFixtures.TarContent extra) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        Map<String, byte[]> entries = BundleFixtures.entries(bundle);
        BundleFixtures.writeArchive(bundle, BundleFixtures.tar(tar -> {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                BundleFixtures.file(tar, entry.getKey(), entry.getValue());
            }
            extra.write(tar);
        }));
        return bundle;
    }

    private static byte[] editManifest(Path bundle, java.util.function.Consumer<ObjectNode> change)
            throws Exception {
        byte[] original = Files.isDirectory(bundle) ? Files.readAllBytes(bundle.resolve("manifest.json"))
                : BundleFixtures.entries(bundle).get("manifest.json");
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(original);
        change.accept(root);
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /** Puts a new manifest, signed by head office's key, in place of the bundle's own. */
    private static void replaceManifest(Path bundle, String form, byte[] manifest) throws Exception {
        byte[] signature = BundleFixtures.sign(manifest);
        if (form.equals("bundle")) {
            Files.write(bundle.resolve("manifest.json"), manifest);
            Files.write(bundle.resolve("manifest.json.sig"), signature);
        } else {
            rewrite(bundle, entries -> {
                entries.put("manifest.json", manifest);
                entries.put("manifest.json.sig", signature);
            });
        }
    }
}
