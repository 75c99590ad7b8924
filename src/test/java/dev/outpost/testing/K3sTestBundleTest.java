package dev.outpost.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.engine.bundle.Architecture;
import dev.outpost.engine.bundle.BundleArtifact;
import dev.outpost.engine.bundle.BundleForm;
import dev.outpost.engine.bundle.BundleProgressListener;
import dev.outpost.engine.bundle.BundleVerification;
import dev.outpost.engine.bundle.BundleVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks that the K3s test bundles are real bundles that the engine's verifier accepts. */
class K3sTestBundleTest {

    private static MockKubeApiServer server;
    private static StandInK3s k3s;

    @TempDir
    Path folder;

    @BeforeAll
    static void startServer() {
        server = MockKubeApiServer.start("127.0.0.1");
        k3s = StandInK3s.forServer(server);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(BundleForm.class)
    void everyFormPassesVerifier(BundleForm form) throws Exception {
        Path bundle = K3sTestBundle.of(k3s).withForm(form).build(folder);

        BundleVerification verification = verify(bundle);

        assertThat(BundleForm.of(bundle)).isEqualTo(form);
        assertThat(verification.manifest().name()).isEqualTo(K3sTestBundle.NAME);
        assertThat(verification.releaseChecked()).containsExactlyInAnyOrder(
                "k3s/v1.29.1+k3s1/amd64/k3s", "k3s/v1.29.1+k3s1/amd64/k3s-airgap-images-amd64.tar.zst");
        assertThat(verification.manifest().artifactsByPath()).containsKeys(
                "k3s/v1.29.1+k3s1/all/install.sh",
                "k3s/v1.29.1+k3s1/amd64/sha256sum-amd64.txt",
                "linkerd/stable-2.14.10/all/linkerd-crds-1.8.0.tgz",
                "linkerd/stable-2.14.10/all/linkerd-control-plane-1.16.11.tgz",
                "linkerd/stable-2.14.10/all/linkerd-multicluster-30.11.11.tgz",
                "linkerd/stable-2.14.10/amd64/linkerd-images-amd64.tar");
    }

    @Test
    void folderHoldsStandIns() throws Exception {
        K3sTestBundle description = K3sTestBundle.of(k3s).withForm(BundleForm.FOLDER);
        Path bundle = description.build(folder);

        assertThat(bundle.resolve(description.k3sBinaryPath())).hasContent(k3s.k3sBinary());
        assertThat(bundle.resolve(description.installScriptPath())).hasContent(k3s.installScript());
        assertThat(bundle.resolve(description.imagesPath())).hasSize(K3sTestBundle.DEFAULT_IMAGES_SIZE);
        String checksums = Files.readString(bundle.resolve("k3s/v1.29.1+k3s1/amd64/sha256sum-amd64.txt"));
        Map<String, BundleArtifact> artifacts = verify(bundle).manifest().artifactsByPath();
        assertThat(checksums).contains(artifacts.get(description.k3sBinaryPath()).sha256() + "  k3s\n");
        assertThat(checksums).contains(artifacts.get(description.imagesPath()).sha256()
                + "  k3s-airgap-images-amd64.tar.zst\n");
    }

    @Test
    void arm64OnlyHasNoAmd64Artifacts() throws Exception {
        Path bundle = K3sTestBundle.of(k3s).arm64Only().build(folder);

        List<BundleArtifact> artifacts = verify(bundle).manifest().artifacts();

        assertThat(artifacts).extracting(BundleArtifact::architecture).doesNotContain(Architecture.AMD64);
        assertThat(artifacts).extracting(BundleArtifact::path).contains(
                "k3s/v1.29.1+k3s1/arm64/k3s-arm64",
                "k3s/v1.29.1+k3s1/arm64/k3s-airgap-images-arm64.tar.zst",
                "linkerd/stable-2.14.10/arm64/linkerd-images-arm64.tar");
    }

    @Test
    void imagesFollowSizeAndSeed() throws Exception {
        long size = 3L * 1024 * 1024 + 5;
        Path first = Files.createDirectories(folder.resolve("first"));
        Path second = Files.createDirectories(folder.resolve("second"));
        Path third = Files.createDirectories(folder.resolve("third"));

        String firstSha = imagesArtifact(K3sTestBundle.of(k3s).withImagesSize(size, 7).build(first)).sha256();
        BundleArtifact again = imagesArtifact(K3sTestBundle.of(k3s).withImagesSize(size, 7).build(second));
        String other = imagesArtifact(K3sTestBundle.of(k3s).withImagesSize(size, 8).build(third)).sha256();

        assertThat(again.size()).isEqualTo(size);
        assertThat(again.sha256()).isEqualTo(firstSha);
        assertThat(other).isNotEqualTo(firstSha);
    }

    @Test
    void sourceFilesAreRemoved() throws Exception {
        K3sTestBundle.of(k3s).build(folder);

        try (Stream<Path> entries = Files.list(folder)) {
            assertThat(entries.map(path -> path.getFileName().toString()))
                    .containsExactly("k3s-stand-in-amd64.tar.zst");
        }
    }

    private static BundleArtifact imagesArtifact(Path bundle) throws Exception {
        return verify(bundle).manifest().artifactsByPath()
                .get("k3s/v1.29.1+k3s1/amd64/k3s-airgap-images-amd64.tar.zst");
    }

    private static BundleVerification verify(Path bundle) throws Exception {
        return new BundleVerifier().verify(bundle, List.of(K3sTestBundle.HEAD_OFFICE.getPublic()),
                BundleProgressListener.NONE);
    }
}
