package dev.outpost.engine.cluster;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs against fabric8's mock API server in CRUD mode, a test double of the Kubernetes API. */
@EnableKubernetesMockClient(crud = true)
class NodeReadinessTest {

    static KubernetesClient client;

    private final List<String> progress = new ArrayList<>();

    private void node(String name, String ready) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus()
                .build()).createOr(existing -> existing.update());
    }

    @Test
    void returnsOnceTheNodeIsReadyAndReportsWhatItSaw() throws Exception {
        node("store-0042", "True");
        client.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName("coredns")
                .endMetadata().withNewStatus().withPhase("Running").endStatus().build()).create();

        new NodeReadiness(client, Duration.ofMillis(50)).await("store-0042", Duration.ofSeconds(5), progress::add);

        assertThat(progress).last().isEqualTo("Node store-0042 is ready; 1 of 1 system pods running.");
    }

    @Test
    void explainsATimeOutWithTheLastStateSeen() {
        node("store-0043", "False");

        assertThatThrownBy(() -> new NodeReadiness(client, Duration.ofMillis(50)).await("store-0043",
                Duration.ofMillis(300), progress::add))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("The node store-0043 did not become ready within 0 seconds.")
                .hasMessageContaining("Last seen: Node store-0043 is registered, not ready yet");
    }

    @Test
    void namesAnImagePullFailureAsAnImageMissingFromTheBundle() {
        node("store-0044", "False");
        client.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName("metrics")
                .endMetadata().withNewStatus().withPhase("Pending").addNewContainerStatus().withName("metrics")
                .withImage("docker.io/rancher/mirrored-metrics-server:v0.6.3").withNewState().withNewWaiting()
                .withReason("ImagePullBackOff").endWaiting().endState().endContainerStatus().endStatus().build())
                .create();

        assertThatThrownBy(() -> new NodeReadiness(client, Duration.ofMillis(50)).await("store-0044",
                Duration.ofSeconds(5), progress::add))
                .hasMessageStartingWith("The image docker.io/rancher/mirrored-metrics-server:v0.6.3 is missing from"
                        + " the bundle");
    }
}
