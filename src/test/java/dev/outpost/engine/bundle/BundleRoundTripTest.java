package dev.outpost.engine.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code bundle create} then {@code bundle verify}, for a folder and both archive forms. */
class BundleRoundTripTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"bundle", "bundle.tar", "bundle.tar.zst"})
    void createThenVerify(String name) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, name);

        BundleVerification result = BundleFixtures.verify(bundle);

        assertThat(result.manifest().name()).isEqualTo("test-bundle");
        assertThat(result.signer()).isEqualTo(SigningKeys.fingerprint(BundleFixtures.HEAD_OFFICE.getPublic()));
        assertThat(result.manifest().artifacts()).extracting(BundleArtifact::path)
                .containsExactlyInAnyOrderElementsOf(BundleFixtures.recipePaths());
        assertThat(result.bytesRead()).isEqualTo(result.manifest().totalSize());
        assertThat(result.releaseChecked()).contains("k3s/v1.29.1+k3s1/amd64/k3s", "k3s/v1.29.1+k3s1/arm64/k3s-arm64");
    }

    @Test
    void manifestRecordsRolesAndVersions() throws Exception {
        BundleManifest manifest = BundleFixtures.verify(BundleFixtures.bundle(dir, "bundle")).manifest();
        Map<String, BundleArtifact> byPath = manifest.artifactsByPath();

        assertThat(byPath.get("k3s/v1.29.1+k3s1/arm64/k3s-arm64").role()).isEqualTo(ArtifactRole.K3S_BINARY);
        assertThat(byPath.get("k3s/v1.29.1+k3s1/arm64/k3s-arm64").architecture()).isEqualTo(Architecture.ARM64);
        assertThat(byPath.get("k3s/v1.29.1+k3s1/all/install.sh").role())
                .isEqualTo(ArtifactRole.K3S_INSTALL_SCRIPT);
        assertThat(byPath.get("linkerd/stable-2.14.10/all/linkerd-multicluster-30.11.11.tgz").role())
                .isEqualTo(ArtifactRole.LINKERD_MULTICLUSTER_CHART);
        assertThat(byPath.get("workloads/2026.12/amd64/site-workloads-amd64.tar").role())
                .isEqualTo(ArtifactRole.WORKLOAD_IMAGES);
        assertThat(manifest.version("k3s")).contains("v1.29.1+k3s1");
        assertThat(manifest.version("linkerd")).contains("stable-2.14.10");
        assertThat(manifest.createdAt()).isEqualTo(BundleFixtures.CLOCK.instant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bundle.tar", "bundle.tar.zst"})
    void archiveStartsWithManifest(String name) throws Exception {
        Path bundle = BundleFixtures.bundle(dir, name);

        List<String> names = new ArrayList<>(BundleFixtures.entries(bundle).keySet());

        assertThat(names.subList(0, 2)).containsExactly("manifest.json", "manifest.json.sig");
    }

    @Test
    void paxHeadersAreRead() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle.tar");
        Map<String, byte[]> entries = BundleFixtures.entries(bundle);
        BundleFixtures.writeArchive(bundle, BundleFixtures.tar(tar -> {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                org.apache.commons.compress.archivers.tar.TarArchiveEntry header =
                        new org.apache.commons.compress.archivers.tar.TarArchiveEntry(entry.getKey(), true);
                header.addPaxHeader("size", Integer.toString(entry.getValue().length));
                header.addPaxHeader("comment", "PAX records before every entry");
                tar.putArchiveEntry(header);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }));

        BundleVerification result = BundleFixtures.verify(bundle);

        assertThat(result.manifest().artifacts()).hasSize(BundleFixtures.recipePaths().size());
    }

    @Test
    void progressReachesTotal() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle.tar");
        List<BundleProgress> reports = new ArrayList<>();

        new BundleVerifier().verify(bundle, List.of(BundleFixtures.HEAD_OFFICE.getPublic()), reports::add);

        assertThat(reports).hasSize(BundleFixtures.recipePaths().size());
        assertThat(reports.get(reports.size() - 1).fraction()).isEqualTo(1.0);
    }

    @Test
    void inspectReadsManifestOnly() throws Exception {
        Path bundle = BundleFixtures.bundle(dir, "bundle.tar.zst");

        BundleManifest manifest = new BundleVerifier().readManifest(bundle);

        assertThat(manifest.artifacts()).hasSize(BundleFixtures.recipePaths().size());
    }

    @Test
    void createRejectsExistingOutput() throws Exception {
        Path source = BundleFixtures.sourceFolder(dir);
        Path out = Files.createFile(dir.resolve("taken.tar"));

        assertThatThrownBy(() -> new BundleWriter(BundleFixtures.CLOCK).create(source, out, "n",
                BundleFixtures.HEAD_OFFICE.getPrivate()))
                .isInstanceOf(BundleException.class).hasMessageContaining("already exists");
    }

    @Test
    void createRejectsUnknownFile() throws Exception {
        Path source = BundleFixtures.sourceFolder(dir);
        Files.writeString(source.resolve("k3s/v1.29.1+k3s1/amd64/notes.md"), "not an artifact");

        assertThatThrownBy(() -> new BundleWriter(BundleFixtures.CLOCK).create(source, dir.resolve("b.tar"), "n",
                BundleFixtures.HEAD_OFFICE.getPrivate()))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("k3s/v1.29.1+k3s1/amd64/notes.md")
                .hasMessageContaining("installer-bundles/README.md");
    }

    @Test
    void createRejectsMissingImages() throws Exception {
        Path source = BundleFixtures.sourceFolder(dir);
        Files.delete(source.resolve("linkerd/stable-2.14.10/arm64/linkerd-images-arm64.tar"));

        assertThatThrownBy(() -> new BundleWriter(BundleFixtures.CLOCK).create(source, dir.resolve("b.tar"), "n",
                BundleFixtures.HEAD_OFFICE.getPrivate()))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("Linkerd image archive for arm64");
    }

    @Test
    void createRejectsSecondVersion() throws Exception {
        Path source = BundleFixtures.sourceFolder(dir);
        Path other = source.resolve("k3s/v1.30.0+k3s1/amd64/k3s");
        Files.createDirectories(other.getParent());
        Files.writeString(other, "k3s-stand-in of another version");

        assertThatThrownBy(() -> new BundleWriter(BundleFixtures.CLOCK).create(source, dir.resolve("b.tar"), "n",
                BundleFixtures.HEAD_OFFICE.getPrivate()))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("second version of k3s");
    }
}
