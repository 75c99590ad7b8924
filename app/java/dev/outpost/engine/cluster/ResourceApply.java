package dev.outpost.engine.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Creates a resource, or replaces the one of the same name with it, as of the version read just before: a change
 * made in between makes the replace fail instead of being overwritten unseen.
 */
public final class ResourceApply {

    private ResourceApply() {
    }

    /**
     * Creates or replaces a resource of a built-in kind. A namespace on a cluster-wide kind, as some manifests carry
     * on a {@code ClusterRoleBinding}, is dropped, as the API server ignores it. Blocks.
     */
    public static <T extends HasMetadata> void apply(KubernetesClient client, T resource) {
        if (!(resource instanceof Namespaced)) {
            resource.getMetadata().setNamespace(null);
        }
        apply(client.resource(resource), resource);
    }

    /** Creates or replaces a custom resource of the given kind. Blocks. */
    public static void apply(KubernetesClient client, ResourceDefinitionContext kind,
            GenericKubernetesResource resource) {
        var operations = client.genericKubernetesResources(kind);
        String namespace = resource.getMetadata().getNamespace();
        apply(namespace == null ? operations.resource(resource)
                : operations.inNamespace(namespace).resource(resource), resource);
    }

    private static <T extends HasMetadata> void apply(Resource<T> operation, T resource) {
        T existing = operation.get();
        if (existing == null) {
            operation.create();
            return;
        }
        resource.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        operation.update();
    }
}
