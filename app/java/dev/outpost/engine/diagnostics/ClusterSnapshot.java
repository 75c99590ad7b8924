package dev.outpost.engine.diagnostics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.engine.cluster.NodeReadiness;
import dev.outpost.engine.mesh.MeshNames;
import dev.outpost.engine.mesh.SiteLink;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A picture of the site cluster for head office: the nodes, the pods that are not running, the latest warning
 * events, and what Outpost, Linkerd and Rancher created in their namespaces. Of a Secret, only its name, type and
 * key names are taken, never its values. Of a ConfigMap, its key names are taken, and values only of Outpost's
 * own site ConfigMap.
 */
final class ClusterSnapshot {

    /** The maximum number of warning events taken, the newest first. */
    static final int MAX_EVENTS = 50;
    static final int MAX_PODS = 200;
    static final List<String> NAMESPACES = List.of(MeshNames.OUTPOST_NAMESPACE, MeshNames.LINKERD_NAMESPACE,
            MeshNames.MULTICLUSTER_NAMESPACE, MeshNames.RANCHER_NAMESPACE);
    private static final ResourceDefinitionContext HELM_CHART = new ResourceDefinitionContext.Builder()
            .withGroup(MeshNames.HELM_GROUP).withVersion("v1").withKind("HelmChart").withPlural("helmcharts")
            .withNamespaced(true).build();

    private final KubernetesClient client;
    private final ObjectMapper mapper;
    private final List<String> problems = new ArrayList<>();
    private int secretValuesLeftOut;

    ClusterSnapshot(KubernetesClient client, ObjectMapper mapper) {
        this.client = client;
        this.mapper = mapper;
    }

    /** Reads the cluster. Blocks; a part that cannot be read is noted in {@link #problems()} and the rest goes on. */
    ObjectNode take() {
        ObjectNode root = mapper.createObjectNode();
        part("nodes", () -> nodes(root.putArray("nodes")));
        part("pods", () -> pods(root.putArray("podsNotRunning")));
        part("warning events", () -> events(root.putArray("warningEvents")));
        ObjectNode namespaces = root.putObject("namespaces");
        for (String namespace : NAMESPACES) {
            part("namespace " + namespace, () -> namespace(namespace, namespaces.putObject(namespace)));
        }
        part("multicluster links", () -> names(root.putArray("links"), client.genericKubernetesResources(
                SiteLink.LINK).inNamespace(MeshNames.MULTICLUSTER_NAMESPACE).list().getItems()));
        part("Helm charts", () -> helmCharts(root.putArray("helmCharts")));
        ArrayNode notes = root.putArray("notCollected");
        problems.forEach(notes::add);
        return root;
    }

    /** Returns the parts that could not be read, each as a sentence. */
    List<String> problems() {
        return problems;
    }

    /** Returns how many Secret values were left out. */
    int secretValuesLeftOut() {
        return secretValuesLeftOut;
    }

    private void part(String name, Runnable read) {
        try {
            read.run();
        } catch (KubernetesClientException e) {
            problems.add("The cluster's " + name + " could not be read (HTTP " + e.getCode() + ").");
        }
    }

    private void nodes(ArrayNode out) {
        for (Node node : client.nodes().list().getItems()) {
            ObjectNode entry = out.addObject();
            entry.put("name", node.getMetadata().getName());
            entry.put("ready", NodeReadiness.isReady(node));
            if (node.getStatus() != null && node.getStatus().getNodeInfo() != null) {
                entry.put("kubeletVersion", node.getStatus().getNodeInfo().getKubeletVersion());
            }
            ArrayNode conditions = entry.putArray("conditions");
            if (node.getStatus() != null && node.getStatus().getConditions() != null) {
                for (NodeCondition condition : node.getStatus().getConditions()) {
                    conditions.addObject().put("type", condition.getType()).put("status", condition.getStatus())
                            .put("reason", condition.getReason()).put("message", condition.getMessage());
                }
            }
            ArrayNode taints = entry.putArray("taints");
            if (node.getSpec() != null && node.getSpec().getTaints() != null) {
                node.getSpec().getTaints().forEach(t -> taints.add(t.getKey() + ":" + t.getEffect()));
            }
        }
    }

    private void pods(ArrayNode out) {
        List<Pod> notRunning = client.pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> p.getStatus() == null || !("Running".equals(p.getStatus().getPhase())
                        || "Succeeded".equals(p.getStatus().getPhase())))
                .limit(MAX_PODS).toList();
        for (Pod pod : notRunning) {
            ObjectNode entry = out.addObject();
            entry.put("namespace", pod.getMetadata().getNamespace());
            entry.put("name", pod.getMetadata().getName());
            entry.put("phase", pod.getStatus() == null ? null : pod.getStatus().getPhase());
            entry.put("reason", pod.getStatus() == null ? null : pod.getStatus().getReason());
            ArrayNode containers = entry.putArray("containers");
            if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
                for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
                    ObjectNode container = containers.addObject().put("name", status.getName())
                            .put("image", status.getImage()).put("ready", Boolean.TRUE.equals(status.getReady()))
                            .put("restarts", status.getRestartCount());
                    var waiting = status.getState() == null ? null : status.getState().getWaiting();
                    if (waiting != null) {
                        container.put("waiting", waiting.getReason()).put("message", waiting.getMessage());
                    }
                }
            }
        }
    }

    private void events(ArrayNode out) {
        List<Event> warnings = new ArrayList<>(client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType())).toList());
        warnings.sort(Comparator.comparing(ClusterSnapshot::lastSeen, Comparator.nullsLast(
                Comparator.reverseOrder())));
        for (Event event : warnings.subList(0, Math.min(MAX_EVENTS, warnings.size()))) {
            ObjectNode entry = out.addObject();
            entry.put("lastSeen", lastSeen(event));
            entry.put("namespace", event.getMetadata().getNamespace());
            entry.put("object", event.getInvolvedObject() == null ? null
                    : event.getInvolvedObject().getKind() + "/" + event.getInvolvedObject().getName());
            entry.put("reason", event.getReason());
            entry.put("message", event.getMessage());
            entry.put("count", event.getCount());
        }
    }

    private static String lastSeen(Event event) {
        if (event.getLastTimestamp() != null) {
            return event.getLastTimestamp();
        }
        if (event.getEventTime() != null) {
            return event.getEventTime().getTime();
        }
        return event.getFirstTimestamp();
    }

    private void namespace(String namespace, ObjectNode out) {
        boolean exists = client.namespaces().withName(namespace).get() != null;
        out.put("exists", exists);
        ArrayNode deployments = out.putArray("deployments");
        for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            var status = deployment.getStatus();
            deployments.addObject().put("name", deployment.getMetadata().getName())
                    .put("desired", deployment.getSpec() == null ? null : deployment.getSpec().getReplicas())
                    .put("available", status == null ? null : status.getAvailableReplicas());
        }
        ArrayNode configMaps = out.putArray("configMaps");
        for (ConfigMap configMap : client.configMaps().inNamespace(namespace).list().getItems()) {
            ObjectNode entry = configMaps.addObject().put("name", configMap.getMetadata().getName());
            Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
            keys(entry.putArray("keys"), data.keySet());
            if (MeshNames.OUTPOST_NAMESPACE.equals(namespace)
                    && MeshNames.SITE_CONFIG_MAP.equals(configMap.getMetadata().getName())) {
                ObjectNode values = entry.putObject("data");
                data.forEach(values::put);
            }
        }
        ArrayNode secrets = out.putArray("secrets");
        for (Secret secret : client.secrets().inNamespace(namespace).list().getItems()) {
            ObjectNode entry = secrets.addObject().put("name", secret.getMetadata().getName())
                    .put("type", secret.getType());
            TreeSet<String> keys = new TreeSet<>();
            if (secret.getData() != null) {
                keys.addAll(secret.getData().keySet());
            }
            if (secret.getStringData() != null) {
                keys.addAll(secret.getStringData().keySet());
            }
            keys(entry.putArray("keys"), keys);
            secretValuesLeftOut += keys.size();
        }
    }

    private void helmCharts(ArrayNode out) {
        for (GenericKubernetesResource chart : client.genericKubernetesResources(HELM_CHART)
                .inNamespace("kube-system").list().getItems()) {
            ObjectNode entry = out.addObject().put("name", chart.getMetadata().getName());
            Object spec = chart.getAdditionalProperties().get("spec");
            if (spec instanceof Map<?, ?> fields) {
                entry.put("chart", String.valueOf(fields.get("chart")));
                entry.put("version", fields.get("version") == null ? null : String.valueOf(fields.get("version")));
                entry.put("targetNamespace", fields.get("targetNamespace") == null ? null
                        : String.valueOf(fields.get("targetNamespace")));
            }
        }
    }

    private static void names(ArrayNode out, List<GenericKubernetesResource> resources) {
        resources.forEach(r -> out.add(r.getMetadata().getName()));
    }

    private static void keys(ArrayNode out, Iterable<String> keys) {
        keys.forEach(out::add);
    }
}
