package dev.outpost.engine.instruments;

import dev.outpost.engine.cluster.ResourceApply;
import dev.outpost.engine.mesh.MeshNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes a gateway's instrument inventory to the site cluster: the JSON document in the ConfigMap
 * {@value #CONFIG_MAP} in Outpost's namespace, and on the node one label per protocol found, such as
 * {@code instruments.outpost.dev/modbus-rtu=true}, so that workloads and device plugins can select gateways by
 * what is attached. Labels of protocols no longer found are removed.
 */
public final class InventoryPublisher {

    private static final Logger log = LoggerFactory.getLogger(InventoryPublisher.class);
    public static final String CONFIG_MAP = "outpost-instruments";
    public static final String DATA_KEY = "inventory.json";
    public static final String LABEL_PREFIX = "instruments.outpost.dev/";

    private final KubernetesClient client;

    public InventoryPublisher(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Writes the ConfigMap and the labels of every node. A site runs single-node K3s, so the gateway is the only
     * node. Blocks.
     *
     * @return the names of the nodes labelled
     */
    public List<String> publish(InstrumentInventory inventory) {
        if (client.namespaces().withName(MeshNames.OUTPOST_NAMESPACE).get() == null) {
            ResourceApply.apply(client, new NamespaceBuilder().withNewMetadata()
                    .withName(MeshNames.OUTPOST_NAMESPACE).endMetadata().build());
        }
        ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName(CONFIG_MAP)
                .withNamespace(MeshNames.OUTPOST_NAMESPACE)
                .withLabels(Map.of("app.kubernetes.io/managed-by", "outpost")).endMetadata()
                .withData(Map.of(DATA_KEY, new InventoryJson().write(inventory))).build();
        ResourceApply.apply(client, map);
        Set<Protocol> found = inventory.protocols();
        List<String> nodes = client.nodes().list().getItems().stream().map(node -> node.getMetadata().getName())
                .toList();
        for (String name : nodes) {
            client.nodes().withName(name).edit(node -> label(node, found));
        }
        log.info("Published the instrument inventory ({} ports, protocols {}) to the site cluster.",
                inventory.findings().size(), found);
        return nodes;
    }

    private static Node label(Node node, Set<Protocol> found) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? new java.util.HashMap<>()
                : new java.util.HashMap<>(node.getMetadata().getLabels());
        labels.keySet().removeIf(key -> key.startsWith(LABEL_PREFIX));
        found.forEach(protocol -> labels.put(LABEL_PREFIX + protocol.labelValue(), "true"));
        node.getMetadata().setLabels(labels);
        return node;
    }
}
