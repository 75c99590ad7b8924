package dev.outpost.engine.mesh;

import dev.outpost.engine.enrollment.CentralLink;
import dev.outpost.engine.enrollment.EncryptedIssuerKey;
import dev.outpost.engine.enrollment.RancherRegistration;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.enrollment.SiteNetwork;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

class SiteLinkTest {

    private static final String GOLDEN = "/dev/outpost/testing/mesh/linkerd-multicluster-service_mirror_default"
            + ".golden.yaml";
    private static final String TOKEN = "planted-service-mirror-token";

    static SiteEnrollment enrollment() {
        CentralLink link = new CentralLink("https://central.example.test:6443", "-----BEGIN CERTIFICATE-----\nQ0E=\n"
                + "-----END CERTIFICATE-----\n", TOKEN, "192.0.2.10", 4143, 4191, "/ready", 3,
                "linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local",
                "cluster.local", "cluster.local");
        return new SiteEnrollment(1, "store-0042", "Store 42", Map.of("region", "north"), "central", link,
                "-----BEGIN CERTIFICATE-----\nQU5DSE9S\n-----END CERTIFICATE-----\n",
                "-----BEGIN CERTIFICATE-----\nSVNTVUVS\n-----END CERTIFICATE-----\n",
                new EncryptedIssuerKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nS0VZ\n-----END ENCRYPTED PRIVATE KEY-----\n"),
                new SiteNetwork("10.100.0.0/16", "10.101.0.0/16", "10.42.0.0/16", "10.43.0.0/16"),
                new RancherRegistration("https://rancher.example.test", "", "kind: List\n"), Instant.EPOCH,
                Instant.EPOCH.plusSeconds(86_400));
    }

    @Test
    void serviceMirrorHasTheShapeLinkerdRendersForALink() throws IOException {
        List<HasMetadata> ours = SiteLink.serviceMirror("central", "cr.l5d.io/linkerd/controller:stable-2.14.10");
        List<GenericKubernetesResource> golden = golden();

        assertThat(ours).extracting(r -> r.getKind() + " " + r.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(golden.stream()
                        .map(r -> r.getKind() + " " + r.getMetadata().getName().replace("test-cluster", "central"))
                        .toList());
        for (GenericKubernetesResource expected : golden) {
            String name = expected.getMetadata().getName().replace("test-cluster", "central");
            HasMetadata actual = ours.stream().filter(r -> r.getKind().equals(expected.getKind())
                    && r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
            Map<String, Object> tree = tree(actual);
            if (expected.getAdditionalProperties().containsKey("rules")) {
                assertThat(normalised(tree.get("rules"))).as(name + " rules")
                        .isEqualTo(Serialization.unmarshal(Serialization.asJson(normalised(
                                expected.getAdditionalProperties().get("rules"))).replace("test-cluster", "central"),
                                Object.class));
            }
            if (expected.getMetadata().getNamespace() != null) {
                assertThat(actual.getMetadata().getNamespace()).isEqualTo(MeshNames.MULTICLUSTER_NAMESPACE);
            }
        }
        String args = Serialization.asJson(ours.stream().filter(r -> r.getKind().equals("Deployment")).findFirst()
                .orElseThrow());
        assertThat(args).contains("\"-namespace=linkerd-multicluster\"", "\"-probe-service=probe-gateway-central\"",
                "\"central\"", "cr.l5d.io/linkerd/controller:stable-2.14.10", "\"admin-http\"");
    }

    @Test
    void linkNamesTheCentralGatewayExplicitlyWithPortsAsStrings() {
        GenericKubernetesResource link = SiteLink.link(enrollment());
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) link.getAdditionalProperties().get("spec");

        assertThat(link.getApiVersion()).isEqualTo("multicluster.linkerd.io/v1alpha1");
        assertThat(spec).containsEntry("gatewayAddress", "192.0.2.10").containsEntry("gatewayPort", "4143")
                .containsEntry("targetClusterName", "central")
                .containsEntry("clusterCredentialsSecret", "cluster-credentials-central")
                .containsEntry("probeSpec", Map.of("path", "/ready", "port", "4191", "period", "3s"));
    }

    @Test
    void credentialsCarryTheTokenInAKubeconfigInBothNamespaces() {
        List<Secret> secrets = SiteLink.credentials(enrollment());

        assertThat(secrets).extracting(s -> s.getMetadata().getNamespace())
                .containsExactly("linkerd-multicluster", "linkerd");
        for (Secret secret : secrets) {
            assertThat(secret.getType()).isEqualTo("mirror.linkerd.io/remote-kubeconfig");
            String kubeconfig = new String(Base64.getDecoder().decode(secret.getData().get("kubeconfig")),
                    StandardCharsets.UTF_8);
            assertThat(kubeconfig).contains("server: \"https://central.example.test:6443\"", TOKEN,
                    "certificate-authority-data");
        }
        assertThat(secrets.get(1).getMetadata().getLabels())
                .containsEntry("multicluster.linkerd.io/cluster-name", "central");
    }

    @Test
    void chartValuesCarryTheAnchorButNoKeyAndNoInternetChecks() {
        List<LinkerdCharts.Chart> charts = LinkerdCharts.forSite(enrollment(), List.of("linkerd-crds-1.8.0.tgz",
                "linkerd-control-plane-1.16.11.tgz", "linkerd-multicluster-30.11.11.tgz"));
        String controlPlane = charts.get(1).manifest();

        assertThat(charts).extracting(LinkerdCharts.Chart::manifestPath).containsExactly(
                "/var/lib/rancher/k3s/server/manifests/outpost-linkerd-crds.yaml",
                "/var/lib/rancher/k3s/server/manifests/outpost-linkerd-control-plane.yaml",
                "/var/lib/rancher/k3s/server/manifests/outpost-linkerd-multicluster.yaml");
        GenericKubernetesResource parsed = Serialization.unmarshal(controlPlane, GenericKubernetesResource.class);
        assertThat(parsed.getKind()).isEqualTo("HelmChart");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) parsed.getAdditionalProperties().get("spec");
        assertThat(spec).containsEntry("chart",
                "https://%{KUBERNETES_API}%/static/charts/linkerd-control-plane-1.16.11.tgz")
                .containsEntry("targetNamespace", "linkerd");
        Map<?, ?> values = Serialization.unmarshal((String) spec.get("valuesContent"), Map.class);
        assertThat(values.get("identityTrustAnchorsPEM")).isEqualTo(enrollment().trustAnchorPem());
        assertThat(values.get("disableHeartBeat")).isEqualTo(true);
        assertThat(values.get("identity")).isEqualTo(Map.of("issuer", Map.of("scheme", "kubernetes.io/tls")));
        assertThat(values.get("clusterNetworks")).isEqualTo("10.100.0.0/16,10.101.0.0/16");
        assertThat(charts.stream().map(LinkerdCharts.Chart::manifest)).noneMatch(m -> m.contains("PRIVATE KEY"));
    }

    private static List<GenericKubernetesResource> golden() throws IOException {
        try (InputStream in = SiteLinkTest.class.getResourceAsStream(GOLDEN)) {
            String text = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(text.split("(?m)^---\\s*$")).filter(doc -> !doc.isBlank())
                    .map(doc -> Serialization.unmarshal(doc, GenericKubernetesResource.class)).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(HasMetadata resource) {
        return Serialization.unmarshal(Serialization.asJson(resource), Map.class);
    }

    /** Rules as JSON with empty lists dropped, so absent and empty fields compare equal. */
    private static Object normalised(Object rules) {
        return Serialization.unmarshal(Serialization.asJson(rules).replaceAll(",?\"[a-zA-Z]+\":\\[\\]", "")
                .replace("{,", "{"), Object.class);
    }
}
