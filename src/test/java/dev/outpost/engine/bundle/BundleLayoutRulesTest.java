package dev.outpost.engine.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The layout's own rules: each artifact's role, architecture and K3s binary name follow from its path. */
class BundleLayoutRulesTest {

    @TempDir
    Path dir;

    private static BundleArtifact artifact(String path, ArtifactRole role, Architecture architecture) {
        return new BundleArtifact(path, role, architecture, 1, "0".repeat(64));
    }

    @Test
    void consistentArtifactsPass() throws BundleException {
        BundleLayout.checkConsistent(artifact("k3s/v1/amd64/k3s", ArtifactRole.K3S_BINARY, Architecture.AMD64));
        BundleLayout.checkConsistent(artifact("k3s/v1/armv7/k3s-armhf", ArtifactRole.K3S_BINARY,
                Architecture.ARMV7));
    }

    @Test
    void roleContradictingPathIsRejected() {
        BundleArtifact binaryAsImages = artifact("k3s/v1/amd64/k3s", ArtifactRole.LINKERD_IMAGES, Architecture.AMD64);

        assertThatThrownBy(() -> BundleLayout.checkConsistent(binaryAsImages))
                .isInstanceOfSatisfying(BundleException.class, e -> {
                    assertThat(e.artifact()).isEqualTo("k3s/v1/amd64/k3s");
                    assertThat(e.kind()).isEqualTo(BundleException.Kind.REJECTED);
                });
    }

    @Test
    void architectureContradictingPathIsRejected() {
        BundleArtifact wrong = artifact("k3s/v1/amd64/k3s", ArtifactRole.K3S_BINARY, Architecture.ARM64);

        assertThatThrownBy(() -> BundleLayout.checkConsistent(wrong)).isInstanceOf(BundleException.class);
    }

    @Test
    void binaryOfOtherArchitectureIsRejected() {
        BundleArtifact swapped = artifact("k3s/v1/arm64/k3s", ArtifactRole.K3S_BINARY, Architecture.ARM64);

        assertThatThrownBy(() -> BundleLayout.checkConsistent(swapped))
                .isInstanceOfSatisfying(BundleException.class, e ->
                        assertThat(e.getMessage()).contains("another architecture").contains("k3s-arm64"));
    }

    @Test
    void createRejectsSwappedBinaries() throws Exception {
        Path source = BundleFixtures.sourceFolder(dir);
        Path amd64 = source.resolve("k3s/v1.29.1+k3s1/amd64");
        Files.move(amd64.resolve("k3s"), amd64.resolve("k3s-armhf"));

        assertThatThrownBy(() -> new BundleWriter(BundleFixtures.CLOCK).create(source, dir.resolve("out.tar"),
                "swapped", BundleFixtures.HEAD_OFFICE.getPrivate()))
                .isInstanceOfSatisfying(BundleException.class, e -> {
                    assertThat(e.getMessage()).contains("k3s-armhf").contains("another architecture");
                    assertThat(e.getMessage()).contains("must be k3s");
                });
        assertThat(dir.resolve("out.tar")).doesNotExist();
    }

    @Test
    void createKeepsWhatIsInTheWay() throws Exception {
        Path source = BundleFixtures.sourceFolder(dir);
        Path inTheWay = Files.createDirectories(dir.resolve("out.partial"));
        Files.writeString(inTheWay.resolve("keep"), "keep");

        assertThatThrownBy(() -> new BundleWriter(BundleFixtures.CLOCK).create(source, dir.resolve("out"),
                "t", BundleFixtures.HEAD_OFFICE.getPrivate()))
                .isInstanceOfSatisfying(BundleException.class, e ->
                        assertThat(e.getMessage()).contains("out.partial").contains("already there"));
        assertThat(inTheWay.resolve("keep")).hasContent("keep");
    }

    @Test
    void createNeedsExistingParentFolder() throws Exception {
        Path source = BundleFixtures.sourceFolder(dir);

        assertThatThrownBy(() -> new BundleWriter(BundleFixtures.CLOCK).create(source,
                dir.resolve("nope/deeper/out.tar.zst"), "t", BundleFixtures.HEAD_OFFICE.getPrivate()))
                .isInstanceOfSatisfying(BundleException.class, e ->
                        assertThat(e.getMessage()).contains("does not exist"));
        assertThat(dir.resolve("nope")).doesNotExist();
    }

    @Test
    void messagesEscapeControlCharacters() {
        BundleException e = BundleException.rejected("x\u001b[31m", "The bundle's x\u001b[31mRED\u0007 is bad.");

        assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\u001B[31mRED");
    }
}
