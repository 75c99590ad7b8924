package dev.outpost.engine.mesh;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Rancher's registration manifest for an imported cluster, as head office put it in the enrollment: the
 * {@code cattle-system} namespace, the agent's account and permissions, its credentials secret and the
 * {@code cattle-cluster-agent} deployment.
 */
public final class RegistrationResources {

    private RegistrationResources() {
    }

    /**
     * Parses the manifest into its resources, in order.
     *
     * @throws IllegalArgumentException when a document is not a Kubernetes resource; the message never quotes the
     *                                  manifest, which contains the registration token
     */
    public static List<HasMetadata> resources(KubernetesClient client, String yaml) {
        try {
            List<HasMetadata> items = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)))
                    .items().stream().filter(Objects::nonNull).toList();
            if (items.isEmpty()) {
                throw new IllegalArgumentException("The Rancher registration in the enrollment is empty. Ask head"
                        + " office for a new enrollment file.");
            }
            return items;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The Rancher registration in the enrollment is not a Kubernetes"
                    + " manifest. Ask head office for a new enrollment file.");
        }
    }
}
