package dev.outpost.testing;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a {@link MockKubeApiServer} with what a central cluster running Linkerd and its multicluster extension has,
 * and writes a kubeconfig for it. The gateway Service, remote-access ServiceAccount, token Secret and namespace are
 * the real objects {@code linkerd multicluster install} renders (linkerd2's install_default.golden); this class adds
 * what a running cluster fills in: the gateway's load-balancer address and the token. Linkerd's own
 * {@code linkerd-config} and {@code linkerd-identity-trust-roots} ConfigMaps carry the given trust anchor.
 */
public final class TestCentralCluster {

    /** The gateway's load-balancer address that the seeded Service reports (TEST-NET-3, never connected to). */
    public static final String GATEWAY_INGRESS_IP = "203.0.113.10";

    private TestCentralCluster() {
    }

    /**
     * What to seed; each flag leaves out or spoils one piece, so a test can check the message for it.
     *
     * @param trustRootsPem   the trust anchors in the ConfigMaps, PEM
     * @param gatewayIdentity whether the gateway Service has its identity annotation
     * @param tokenFilled     whether the token Secret has its token (Kubernetes fills it in shortly after creation)
     * @param ingress         whether the gateway Service reports a load-balancer address
     * @param trustRootsMap   whether the {@code linkerd-identity-trust-roots} ConfigMap exists
     */
    public record Seed(String trustRootsPem, boolean gatewayIdentity, boolean tokenFilled, boolean ingress,
            boolean trustRootsMap) {

        /** Returns a complete central cluster with these trust anchors. */
        public static Seed complete(String trustRootsPem) {
            return new Seed(trustRootsPem, true, true, true, true);
        }

        public Seed withoutGatewayIdentity() {
            return new Seed(trustRootsPem, false, tokenFilled, ingress, trustRootsMap);
        }

        public Seed withEmptyToken() {
            return new Seed(trustRootsPem, gatewayIdentity, false, ingress, trustRootsMap);
        }

        public Seed withoutIngress() {
            return new Seed(trustRootsPem, gatewayIdentity, tokenFilled, false, trustRootsMap);
        }

        public Seed withoutTrustRootsMap() {
            return new Seed(trustRootsPem, gatewayIdentity, tokenFilled, ingress, false);
        }
    }

    /** Seeds the server's state through its client. */
    public static void seed(MockKubeApiServer server, Seed seed) {
        KubernetesClient client = server.client();
        List<HasMetadata> golden = client.load(new ByteArrayInputStream(
                TestMeshPki.resource("mesh/linkerd-multicluster-install_default.golden.yaml")
                        .getBytes(StandardCharsets.UTF_8))).items();
        client.resource(find(golden, Namespace.class, "linkerd-multicluster")).create();
        client.resource(new NamespaceBuilder().withNewMetadata().withName("linkerd").endMetadata().build()).create();
        client.resource(find(golden, ServiceAccount.class, "linkerd-service-mirror-remote-access-default")).create();

        Service gateway = find(golden, Service.class, "linkerd-gateway");
        if (!seed.gatewayIdentity()) {
            gateway.getMetadata().getAnnotations().remove("mirror.linkerd.io/gateway-identity");
        }
        if (seed.ingress()) {
            gateway.setStatus(new ServiceStatusBuilder().withNewLoadBalancer().withIngress(
                    new LoadBalancerIngressBuilder().withIp(GATEWAY_INGRESS_IP).build()).endLoadBalancer().build());
        }
        client.resource(gateway).create();

        Secret token = find(golden, Secret.class, "linkerd-service-mirror-remote-access-default-token");
        Map<String, String> data = new HashMap<>();
        data.put("token", seed.tokenFilled() ? base64(TestMeshPki.SERVICE_MIRROR_TOKEN) : "");
        token.setData(data);
        client.resource(token).create();

        String values = "clusterDomain: cluster.local\nidentityTrustDomain: " + TestMeshPki.TRUST_DOMAIN
                + "\nidentityTrustAnchorsPEM: |\n" + seed.trustRootsPem().strip().indent(2);
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("linkerd-config").withNamespace("linkerd")
                .endMetadata().addToData("values", values).build()).create();
        if (seed.trustRootsMap()) {
            client.resource(new ConfigMapBuilder().withNewMetadata().withName("linkerd-identity-trust-roots")
                    .withNamespace("linkerd").endMetadata().addToData("ca-bundle.crt", seed.trustRootsPem())
                    .build()).create();
        }
    }

    /**
     * Writes a kubeconfig for the server as a K3s or RKE2 server writes its own: the server's loopback address, its
     * CA, and the admin client certificate. Its {@code 127.0.0.1} address is what sites cannot reach, so head office
     * passes {@code --api-server-address}.
     */
    public static Path writeKubeconfig(MockKubeApiServer server, Path file) throws IOException {
        String host = server.address().contains(":") ? "[" + server.address() + "]" : server.address();
        String kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: default
                  cluster:
                    server: https://%s:%d
                    certificate-authority-data: %s
                contexts:
                - name: default
                  context:
                    cluster: default
                    user: default
                current-context: default
                users:
                - name: default
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                """.formatted(host, server.port(), base64(server.caPem()), base64(server.clientCertPem()),
                base64(server.clientKeyPem()));
        return Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> items, Class<T> type, String name) {
        return items.stream().filter(type::isInstance).map(type::cast)
                .filter(item -> name.equals(item.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("The golden manifest has no " + type.getSimpleName()
                        + " " + name + "."));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
