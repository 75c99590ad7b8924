package dev.outpost.engine.mesh;

import dev.outpost.engine.cluster.ResourceApply;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.TestMeshPki;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationResourcesTest {

    @Test
    void readsRanchersRegistrationManifestInOrder() {
        List<HasMetadata> resources = RegistrationResources.resources(TestMeshPki.rancherManifestYaml());

        assertThat(resources).extracting(r -> r.getKind() + " " + r.getMetadata().getName())
                .contains("Namespace cattle-system", "Deployment cattle-cluster-agent", "Service cattle-cluster-agent");
    }

    @Test
    void everyResourceAppliesTwiceToTheApi() {
        try (MockKubeApiServer api = MockKubeApiServer.start("127.0.0.1")) {
            KubernetesClient client = api.client();
            List<HasMetadata> resources = RegistrationResources.resources(TestMeshPki.rancherManifestYaml());
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
        for (String manifest : new String[] {"token: secret-value\n: [\n", "{{{: not yaml [", "token: secret-value\n",
            ""}) {
            assertThatThrownBy(() -> RegistrationResources.resources(manifest)).as(manifest)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret-value");
        }
    }
}
