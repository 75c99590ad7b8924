package dev.outpost.engine.mesh;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Optional;

/** The trust anchors a site's Linkerd trusts, as its control-plane chart writes them to the cluster. */
public final class TrustRoots {

    private TrustRoots() {
    }

    /** Reads the trust anchors' PEM from the cluster, or returns empty before Linkerd wrote them. Blocks. */
    public static Optional<String> read(KubernetesClient client) {
        ConfigMap roots = client.configMaps().inNamespace(MeshNames.LINKERD_NAMESPACE)
                .withName(MeshNames.TRUST_ROOTS).get();
        return Optional.ofNullable(roots == null || roots.getData() == null ? null
                : roots.getData().get(MeshNames.TRUST_ROOTS_KEY));
    }

    /** Returns whether two PEM texts hold the same certificates, whatever their line breaks and spacing. */
    public static boolean same(String pemA, String pemB) {
        return pemA.replaceAll("\\s+", "").equals(pemB.replaceAll("\\s+", ""));
    }
}
