package dev.outpost.engine.bundle;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an artifact is for: the installer puts each role in its own place on the gateway. */
public enum ArtifactRole {

    K3S_BINARY("k3s"),
    K3S_IMAGES("k3s"),
    K3S_INSTALL_SCRIPT("k3s"),
    /** The K3s release's own {@code sha256sum-<arch>.txt}, which names the binary and image archives. */
    K3S_CHECKSUMS("k3s"),
    LINKERD_CRDS_CHART("linkerd"),
    LINKERD_CONTROL_PLANE_CHART("linkerd"),
    LINKERD_MULTICLUSTER_CHART("linkerd"),
    LINKERD_IMAGES("linkerd"),
    RANCHER_AGENT_IMAGES("rancher-agent"),
    WORKLOAD_IMAGES("workloads");

    private final String component;

    ArtifactRole(String component) {
        this.component = component;
    }

    /** The component this role belongs to, as named in the manifest's component list. */
    public String component() {
        return component;
    }

    /** The name used in manifests, such as {@code k3s-binary}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Returns the role with this {@link #id()}, if there is one. */
    public static Optional<ArtifactRole> fromId(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
    }
}
