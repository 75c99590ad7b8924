package dev.outpost.engine.install;

import dev.outpost.engine.bundle.Architecture;
import dev.outpost.engine.bundle.ArtifactRole;
import dev.outpost.engine.bundle.BundleArtifact;
import dev.outpost.engine.bundle.BundleManifest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlacementTest {

    private static BundleArtifact artifact(String path, ArtifactRole role, Architecture arch) {
        return new BundleArtifact(path, role, arch, 10, "0".repeat(64));
    }

    private static BundleManifest manifest(BundleArtifact... artifacts) {
        return new BundleManifest("site-2026-12", Instant.EPOCH, "key", List.of(), List.of(artifacts));
    }

    private static final BundleArtifact SCRIPT = artifact("k3s/v1/all/install.sh", ArtifactRole.K3S_INSTALL_SCRIPT,
            Architecture.ALL);

    @Test
    void choosesTheGatewaysArchitectureAndPlacesEachRoleWhereK3sLooks() throws Exception {
        BundleManifest manifest = manifest(SCRIPT,
                artifact("k3s/v1/amd64/k3s", ArtifactRole.K3S_BINARY, Architecture.AMD64),
                artifact("k3s/v1/amd64/k3s-airgap-images-amd64.tar.zst", ArtifactRole.K3S_IMAGES, Architecture.AMD64),
                artifact("k3s/v1/amd64/sha256sum-amd64.txt", ArtifactRole.K3S_CHECKSUMS, Architecture.AMD64),
                artifact("k3s/v1/arm64/k3s-arm64", ArtifactRole.K3S_BINARY, Architecture.ARM64),
                artifact("linkerd/s/all/linkerd-crds-1.8.0.tgz", ArtifactRole.LINKERD_CRDS_CHART, Architecture.ALL));

        List<String> targets = Installer.placementsFor(manifest, "x86_64").stream()
                .map(ArtifactPlacement::target).toList();

        assertThat(targets).containsExactly("/var/lib/outpost/k3s/install.sh", "/usr/local/bin/k3s",
                "/var/lib/rancher/k3s/agent/images/k3s-airgap-images-amd64.tar.zst",
                "/var/lib/rancher/k3s/server/static/charts/linkerd-crds-1.8.0.tgz");
    }

    @Test
    void refusesABundleForAnotherProcessorAndSaysWhatItCarries() {
        BundleManifest manifest = manifest(SCRIPT,
                artifact("k3s/v1/arm64/k3s-arm64", ArtifactRole.K3S_BINARY, Architecture.ARM64),
                artifact("k3s/v1/arm64/k3s-airgap-images-arm64.tar.zst", ArtifactRole.K3S_IMAGES, Architecture.ARM64));

        assertThatThrownBy(() -> Installer.placementsFor(manifest, "x86_64"))
                .isInstanceOf(InstallException.class)
                .hasMessage("This bundle has no K3s program for the gateway's processor (amd64); it carries arm64."
                        + " Ask head office for a bundle that includes amd64. Nothing was changed.");
    }

    @Test
    void refusesAProcessorK3sDoesNotSupport() {
        assertThatThrownBy(() -> Installer.placementsFor(manifest(SCRIPT), "riscv64"))
                .hasMessageContaining("K3s does not support the gateway's processor ('riscv64')");
    }
}
