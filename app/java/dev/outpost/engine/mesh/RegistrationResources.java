package dev.outpost.engine.mesh;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

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
     * Parses the manifest into its resources, in order. Reads text only; nothing is sent anywhere.
     *
     * @throws IllegalArgumentException when a document is not a Kubernetes resource; the message never quotes the
     *                                  manifest, which contains the registration token
     */
    public static List<HasMetadata> resources(String yaml) {
        List<HasMetadata> items;
        try {
            Object parsed = new KubernetesSerialization().unmarshal(new ByteArrayInputStream(
                    (yaml == null ? "" : yaml).getBytes(StandardCharsets.UTF_8)));
            items = itemsOf(parsed);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The Rancher registration in the enrollment is not a Kubernetes"
                    + " manifest. Ask head office for a new enrollment file.");
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("The Rancher registration in the enrollment is empty. Ask head"
                    + " office for a new enrollment file.");
        }
        return items;
    }

    private static List<HasMetadata> itemsOf(Object parsed) {
        if (parsed instanceof KubernetesResourceList<?> list) {
            return list.getItems().stream().filter(Objects::nonNull).map(HasMetadata.class::cast).toList();
        }
        if (parsed instanceof List<?> list) {
            if (!list.stream().allMatch(HasMetadata.class::isInstance)) {
                throw new IllegalArgumentException("A document is not a Kubernetes resource.");
            }
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        if (parsed instanceof HasMetadata resource) {
            return List.of(resource);
        }
        throw new IllegalArgumentException("The manifest is not a Kubernetes resource.");
    }
}
