package dev.outpost.engine.install;

import dev.outpost.engine.bundle.BundleArtifact;

import java.util.Optional;

/**
 * Where one bundle artifact goes on the gateway, and with which file mode.
 *
 * @param artifact the artifact as the signed manifest lists it
 * @param target   the absolute path on the gateway
 * @param mode     the file mode in octal, such as {@code 755}
 */
public record ArtifactPlacement(BundleArtifact artifact, String target, String mode) {

    /** The path the artifact is received at before it is verified and renamed to {@link #target()}. */
    public String partial() {
        return target + GatewayPaths.PARTIAL_SUFFIX;
    }

    public String folder() {
        return target.substring(0, target.lastIndexOf('/'));
    }

    /**
     * Places an artifact by its role, following K3s's air-gap layout. The release checksum list is not sent: the
     * gateway checks every file against the signed manifest instead.
     */
    public static Optional<ArtifactPlacement> of(BundleArtifact artifact) {
        String name = artifact.fileName();
        return switch (artifact.role()) {
            case K3S_BINARY -> Optional.of(new ArtifactPlacement(artifact, GatewayPaths.K3S_BINARY, "755"));
            case K3S_INSTALL_SCRIPT -> Optional.of(new ArtifactPlacement(artifact, GatewayPaths.INSTALL_SCRIPT,
                    "755"));
            case K3S_IMAGES, LINKERD_IMAGES, RANCHER_AGENT_IMAGES, WORKLOAD_IMAGES -> Optional.of(
                    new ArtifactPlacement(artifact, GatewayPaths.IMAGES_DIR + "/" + name, "644"));
            case LINKERD_CRDS_CHART, LINKERD_CONTROL_PLANE_CHART, LINKERD_MULTICLUSTER_CHART -> Optional.of(
                    new ArtifactPlacement(artifact, GatewayPaths.CHARTS_DIR + "/" + name, "644"));
            case K3S_CHECKSUMS -> Optional.empty();
        };
    }

    /** The step's title in plain words, such as "Send the K3s program". */
    public String title() {
        return switch (artifact.role()) {
            case K3S_BINARY -> "Send the K3s program";
            case K3S_INSTALL_SCRIPT -> "Send the K3s install script";
            case K3S_IMAGES -> "Send the K3s system images";
            case LINKERD_IMAGES -> "Send the Linkerd images";
            case RANCHER_AGENT_IMAGES -> "Send the Rancher agent images";
            case WORKLOAD_IMAGES -> "Send the site's workload images";
            case LINKERD_CRDS_CHART, LINKERD_CONTROL_PLANE_CHART, LINKERD_MULTICLUSTER_CHART ->
                    "Send the chart " + artifact.fileName();
            case K3S_CHECKSUMS -> "Send " + artifact.fileName();
        };
    }
}
