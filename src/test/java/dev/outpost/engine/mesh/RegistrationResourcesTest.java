package dev.outpost.engine.mesh;

import dev.outpost.engine.cluster.ResourceApply;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.TestMeshPki;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationResourcesTest {

    @Test
    void readsRanchersRegistrationManifestInOrder() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            List<HasMetadata> resources = RegistrationResources.resources(client, TestMeshPki.rancherManifestYaml());

            assertThat(resources).extracting(r -> r.getKind() + " " + r.getMetadata().getName())
                    .contains("Namespace cattle-system", "Deployment cattle-cluster-agent",
                            "Service cattle-cluster-agent");
        }
    }

    @Test
    void everyResourceAppliesTwiceToTheApi() {
        try (MockKubeApiServer api = MockKubeApiServer.start("127.0.0.1")) {
            KubernetesClient client = api.client();
            List<HasMetadata> resources = RegistrationResources.resources(client, TestMeshPki.rancherManifestYaml());
            for (int round = 0; round < 2; round++) {
                for (HasMetadata resource : resources) {
                    ResourceApply.apply(client, resource);
                }
            }

            assertThat(client.apps().deployments().inNamespace("cattle-system").withName("cattle-cluster-agent")
                    .get()).isNotNull();
        }
    }

    @Test
    void somethingElseIsRefusedWithoutQuotingIt() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            assertThatThrownBy(() -> RegistrationResources.resources(client, "token: secret-value\n: [\n"))
                    .hasMessageContaining("not a Kubernetes manifest").hasMessageNotContaining("secret-value");
        }
    }
}
