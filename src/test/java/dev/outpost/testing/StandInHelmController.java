package dev.outpost.testing;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A test double of what a real K3s does with Linkerd's charts, since neither K3s nor Linkerd's images can run here.
 * It plays three parts against a {@link MockKubeApiServer}:
 *
 * <ul>
 *   <li>K3s's deploy and Helm controllers: it watches the rig gateway's {@code server/manifests} folder through the
 *       rig's root directory, and for each {@code HelmChart} there it creates what the chart would: the Linkerd
 *       control plane's deployments, the trust-roots ConfigMap from the chart values, the proxy injector's webhook,
 *       and for the multicluster chart its namespace and the {@code Link} type. Like the real identity controller,
 *       {@code linkerd-identity} becomes available only once the issuer secret exists and names the same anchor.</li>
 *   <li>The kubelet: deployments that Outpost creates in the multicluster and Rancher namespaces become available,
 *       each with a running pod whose address is {@code podAddress}.</li>
 *   <li>The service mirror's admin port: an HTTP server on {@code podAddress}:9999 that serves a
 *       {@code gateway_alive} gauge, 1 or 0 as {@link #centralGatewayAlive} says.</li>
 * </ul>
 */
public final class StandInHelmController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StandInHelmController.class);
    private static final String MANIFESTS = "var/lib/rancher/k3s/server/manifests";
    private static final ResourceDefinitionContext HELM_CHART = new ResourceDefinitionContext.Builder()
            .withGroup("helm.cattle.io").withVersion("v1").withKind("HelmChart").withPlural("helmcharts")
            .withNamespaced(true).build();
    private static final Set<String> KUBELET_NAMESPACES = Set.of("linkerd-multicluster", "cattle-system");

    private final KubernetesClient client;
    private final Path manifests;
    private final String podAddress;
    private final HttpServer metrics;
    private final Thread loop;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, String> applied = new ConcurrentHashMap<>();
    private volatile boolean gatewayAlive;
    private volatile String centralCluster = "central";

    /**
     * @param api        the site cluster's mock API
     * @param rigRoot    the rig gateway's root directory on this machine
     * @param podAddress an address of this machine that the gateway reaches, such as the rig's host address
     */
    public StandInHelmController(MockKubeApiServer api, Path rigRoot, String podAddress) {
        this.client = api.client();
        this.manifests = rigRoot.resolve(MANIFESTS);
        this.podAddress = podAddress;
        try {
            this.metrics = HttpServer.create(new InetSocketAddress(podAddress, 9999), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metrics.createContext("/metrics", exchange -> {
            byte[] body = ("# TYPE gateway_alive gauge\ngateway_alive{gateway_namespace=\"linkerd-multicluster\","
                    + "target_cluster_name=\"" + centralCluster + "\"} " + (gatewayAlive ? 1 : 0) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metrics.start();
        loop = new Thread(this::run, "stand-in-helm-controller");
        loop.setDaemon(true);
        loop.start();
    }

    /** Sets what the service mirror's {@code gateway_alive} gauge reports for the named central cluster. */
    public void centralGatewayAlive(String cluster, boolean alive) {
        this.centralCluster = cluster;
        this.gatewayAlive = alive;
    }

    /** Forgets the charts already handled, so that the next manifests found are applied again. */
    public void reset() {
        applied.clear();
    }

    private void run() {
        while (running.get()) {
            try {
                scanManifests();
                runKubelet();
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("The stand-in Helm controller will try again: {}", e.getMessage());
            }
        }
    }

    private void scanManifests() {
        if (!Files.isDirectory(manifests)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(manifests)) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            return;
        }
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                continue;
            }
            GenericKubernetesResource chart = Serialization.unmarshal(text, GenericKubernetesResource.class);
            if (!"HelmChart".equals(chart.getKind())) {
                continue;
            }
            String name = chart.getMetadata().getName();
            if (!text.equals(applied.get(name))) {
                client.genericKubernetesResources(HELM_CHART).inNamespace("kube-system").resource(chart)
                        .createOr(existing -> existing.update());
                applied.put(name, text);
            }
            install(name, chart);
        }
    }

    @SuppressWarnings("unchecked")
    private void install(String name, GenericKubernetesResource chart) {
        Map<String, Object> spec = (Map<String, Object>) chart.getAdditionalProperties().get("spec");
        Map<String, Object> values = Serialization.unmarshal(String.valueOf(spec.getOrDefault("valuesContent", "{}")),
                Map.class);
        switch (name) {
            case "linkerd-control-plane" -> controlPlane(values == null ? Map.of() : values);
            case "linkerd-multicluster" -> multicluster();
            default -> namespace(String.valueOf(spec.get("targetNamespace")));
        }
    }

    private void controlPlane(Map<String, Object> values) {
        namespace("linkerd");
        String anchor = String.valueOf(values.get("identityTrustAnchorsPEM"));
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("linkerd-identity-trust-roots")
                .withNamespace("linkerd").endMetadata().addToData("ca-bundle.crt", anchor).build())
                .createOr(existing -> existing.update());
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("linkerd-config").withNamespace("linkerd")
                .endMetadata().addToData("values", Serialization.asYaml(values)).build())
                .createOr(existing -> existing.update());
        Secret issuer = client.secrets().inNamespace("linkerd").withName("linkerd-identity-issuer").get();
        boolean identityStarts = issuer != null && issuer.getData() != null
                && anchor.equals(decode(issuer.getData().get("ca.crt")));
        deployment("linkerd", "linkerd-identity", identityStarts);
        deployment("linkerd", "linkerd-destination", identityStarts);
        deployment("linkerd", "linkerd-proxy-injector", identityStarts);
        if (client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("linkerd-proxy-injector-webhook-config").get() == null) {
            client.resource(new MutatingWebhookConfigurationBuilder().withNewMetadata()
                    .withName("linkerd-proxy-injector-webhook-config").endMetadata().build()).create();
        }
    }

    private void multicluster() {
        namespace("linkerd-multicluster");
        if (client.apiextensions().v1().customResourceDefinitions().withName("links.multicluster.linkerd.io")
                .get() == null) {
            client.resource(new CustomResourceDefinitionBuilder().withNewMetadata()
                    .withName("links.multicluster.linkerd.io").endMetadata().withNewSpec()
                    .withGroup("multicluster.linkerd.io").withScope("Namespaced").withNewNames().withKind("Link")
                    .withPlural("links").withSingular("link").endNames().addNewVersion().withName("v1alpha1")
                    .withServed(true).withStorage(true).endVersion().endSpec().build()).create();
        }
    }

    /** Marks Outpost's deployments available and gives each a running pod, as a kubelet with the images would. */
    private void runKubelet() {
        for (String namespace : KUBELET_NAMESPACES) {
            for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
                if (deployment.getStatus() != null && deployment.getStatus().getAvailableReplicas() != null) {
                    continue;
                }
                available(deployment);
                Map<String, String> labels = new HashMap<>(deployment.getSpec().getTemplate().getMetadata()
                        .getLabels());
                client.resource(new PodBuilder().withNewMetadata()
                        .withName(deployment.getMetadata().getName() + "-0").withNamespace(namespace)
                        .withLabels(labels).endMetadata().withNewStatus().withPhase("Running")
                        .withPodIP(podAddress).endStatus().build()).createOr(existing -> existing.update());
            }
        }
    }

    private void deployment(String namespace, String name, boolean available) {
        Deployment existing = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            existing = client.resource(new DeploymentBuilder().withNewMetadata().withName(name)
                    .withNamespace(namespace).endMetadata().withNewSpec().withReplicas(1).endSpec().build()).create();
        }
        if (available) {
            available(existing);
        }
    }

    private void available(Deployment deployment) {
        try {
            deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1)
                    .withAvailableReplicas(1).build());
            client.resource(deployment).updateStatus();
        } catch (KubernetesClientException e) {
            LOG.debug("The deployment {} could not be marked available yet: {}", deployment.getMetadata().getName(),
                    e.getMessage());
        }
    }

    private void namespace(String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        }
    }

    private static String decode(String base64) {
        return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running.set(false);
        loop.interrupt();
        metrics.stop(0);
    }
}
