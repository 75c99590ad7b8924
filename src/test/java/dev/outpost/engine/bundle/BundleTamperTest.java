package dev.outpost.engine.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** One changed byte in any artifact or in the manifest is caught, and the file is named. */
class BundleTamperTest {

    @TempDir
    Path dir;

    static Stream<Arguments> everyArtifactInEveryForm() {
        return Stream.of("bundle", "bundle.tar", "bundle.tar.zst")
                .flatMap(form -> BundleFixtures.recipePaths().stream().map(path -> Arguments.of(form, path)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyArtifactInEveryForm")
    void changedArtifactIsNamed(String form, String path) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        if (form.equals("bundle")) {
            Path file = bundle.resolve(path);
            BundleFixtures.flipByte(file, Files.size(file) / 2);
        } else {
            byte[] tar = BundleFixtures.tarBytes(bundle);
            long size = BundleFixtures.entries(bundle).get(path).length;
            tar[(int) (BundleFixtures.dataOffset(tar, path) + size / 2)] ^= 0x01;
            BundleFixtures.writeArchive(bundle, tar);
        }

        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleFixtures.verify(bundle));

        assertThat(e.kind()).isEqualTo(BundleException.Kind.REJECTED);
        assertThat(e.artifact()).isEqualTo(path);
        assertThat(e.getMessage()).contains(path).contains("has changed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar", "bundle.tar.zst"})
    void changedManifestFailsSignature(String form) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, form);
        if (form.equals("bundle")) {
            Path manifest = bundle.resolve("manifest.json");
            BundleFixtures.flipByte(manifest, indexOf(Files.readAllBytes(manifest), "test-bundle"));
        } else {
            byte[] tar = BundleFixtures.tarBytes(bundle);
            tar[(int) (BundleFixtures.dataOffset(tar, "manifest.json") + indexOf(
                    BundleFixtures.entries(bundle).get("manifest.json"), "test-bundle"))] ^= 0x01;
            BundleFixtures.writeArchive(bundle, tar);
        }

        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleFixtures.verify(bundle));

        assertThat(e.kind()).isEqualTo(BundleException.Kind.REJECTED);
        assertThat(e.artifact()).isEqualTo("manifest.json.sig");
        assertThat(e.getMessage()).contains("does not match manifest.json");
    }

    @Test
    void changedCompressedByteIsCaught() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle.tar.zst");
        BundleFixtures.flipByte(bundle, Files.size(bundle) * 3 / 4);

        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleFixtures.verify(bundle));

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).as(e.getMessage()).containsAnyOf("corrupt", "could not be read", "has changed");
    }

    @Test
    void anyChangedTarByteIsCaught() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle.tar");
        byte[] original = Files.readAllBytes(bundle);
        int checked = 0;

        for (int offset = 0; offset < original.length; offset += 7) {
            byte[] changed = original.clone();
            changed[offset] ^= 0x01;
            Files.write(bundle, changed);
            BundleException e = catchThrowableOfType(BundleException.class, () -> BundleFixtures.verify(bundle));
            assertThat(e).as("a changed byte at offset %d of %d", offset, original.length).isNotNull();
            checked++;
        }

        assertThat(checked).isGreaterThan(original.length / 8);
    }

    @Test
    void archiveCutAtEntryIsTruncated() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle.tar");
        byte[] tar = Files.readAllBytes(bundle);
        String last = BundleFixtures.recipePaths().get(BundleFixtures.recipePaths().size() - 1);
        long end = BundleFixtures.dataOffset(tar, last) + BundleFixtures.entries(bundle).get(last).length;
        Files.write(bundle, java.util.Arrays.copyOf(tar, (int) ((end + 511) / 512 * 512)));

        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleFixtures.verify(bundle));

        assertThat(e.kind()).isEqualTo(BundleException.Kind.REJECTED);
        assertThat(e.getMessage()).contains("without its end-of-archive blocks");
    }

    @Test
    void archiveMissingOneEndBlockIsTruncated() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle.tar");
        byte[] tar = Files.readAllBytes(bundle);
        String last = BundleFixtures.recipePaths().get(BundleFixtures.recipePaths().size() - 1);
        long end = BundleFixtures.dataOffset(tar, last) + BundleFixtures.entries(bundle).get(last).length;
        long dataEnd = (end + 511) / 512 * 512;
        Files.write(bundle, java.util.Arrays.copyOf(tar, (int) dataEnd + 512));

        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleFixtures.verify(bundle));

        assertThat(e.kind()).isEqualTo(BundleException.Kind.REJECTED);
        assertThat(e.getMessage()).contains("without its end-of-archive blocks");
    }

    @Test
    void folderEntryIsRejected() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle.tar");
        Path crafted = dir.resolve("crafted.tar");
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(bundle));
             var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                     Files.newOutputStream(crafted))) {
            out.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            org.apache.commons.compress.archivers.tar.TarArchiveEntry entry;
            int index = 0;
            while ((entry = in.getNextEntry()) != null) {
                if (index++ == 2) {
                    out.putArchiveEntry(new org.apache.commons.compress.archivers.tar.TarArchiveEntry("k3s/"));
                    out.closeArchiveEntry();
                }
                out.putArchiveEntry(entry);
                in.transferTo(out);
                out.closeArchiveEntry();
            }
        }

        BundleException e = catchThrowableOfType(BundleException.class, () -> BundleFixtures.verify(crafted));

        assertThat(e.getMessage()).contains("folder entry k3s");
    }

    private static int indexOf(byte[] bytes, String text) {
        int index = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(text);
        assertThat(index).isNotNegative();
        return index + 1;
    }
}
