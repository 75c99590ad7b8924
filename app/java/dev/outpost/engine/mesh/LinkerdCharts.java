package dev.outpost.engine.mesh;

import dev.outpost.engine.enrollment.SiteEnrollment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code HelmChart} manifests that make K3s's Helm controller install Linkerd from the chart archives the
 * bundle placed on the gateway. The controller fetches each chart from the K3s API's own {@code /static/charts}
 * address, so nothing is downloaded. The values carry the trust anchor, which is public; the issuer's key is never
 * in them: the control plane reads it from the {@code kubernetes.io/tls} secret Outpost creates through the API.
 * Heartbeats and version checks, which need the internet, are turned off.
 */
public final class LinkerdCharts {

    /** The address K3s serves the chart archives in {@code server/static/charts} from. */
    static final String CHART_URL = "https://%{KUBERNETES_API}%/static/charts/";

    private LinkerdCharts() {
    }

    /**
     * One chart to install.
     *
     * @param name      the HelmChart's name, such as {@code linkerd-control-plane}
     * @param fileName  the chart archive's file name in the bundle
     * @param namespace the namespace the chart installs into
     * @param values    the chart values
     */
    public record Chart(String name, String fileName, String namespace, Map<String, Object> values) {

        /** Returns the manifest file's path on the gateway. */
        public String manifestPath() {
            return MeshNames.MANIFESTS_DIR + "/outpost-" + name + ".yaml";
        }

        /** Renders the manifest as YAML. */
        public String manifest() {
            GenericKubernetesResource chart = new GenericKubernetesResourceBuilder()
                    .withApiVersion(MeshNames.HELM_GROUP + "/v1").withKind("HelmChart")
                    .withNewMetadata().withName(name).withNamespace("kube-system")
                    .addToLabels("app.kubernetes.io/managed-by", "outpost").endMetadata()
                    .build();
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("chart", CHART_URL + fileName);
            spec.put("targetNamespace", namespace);
            spec.put("createNamespace", true);
            spec.put("valuesContent", Serialization.asYaml(values).replaceFirst("^---\\n", ""));
            chart.setAdditionalProperty("spec", spec);
            return Serialization.asYaml(chart);
        }
    }

    /**
     * Returns the three charts in the order they install: the CRDs, the control plane, the multicluster extension.
     *
     * @param files the chart archives' file names: CRDs, control plane, multicluster
     */
    public static List<Chart> forSite(SiteEnrollment enrollment, List<String> files) {
        return List.of(
                new Chart("linkerd-crds", files.get(0), MeshNames.LINKERD_NAMESPACE, Map.of()),
                new Chart("linkerd-control-plane", files.get(1), MeshNames.LINKERD_NAMESPACE,
                        controlPlaneValues(enrollment)),
                new Chart("linkerd-multicluster", files.get(2), MeshNames.MULTICLUSTER_NAMESPACE,
                        multiclusterValues()));
    }

    static Map<String, Object> controlPlaneValues(SiteEnrollment enrollment) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("identityTrustAnchorsPEM", enrollment.trustAnchorPem());
        values.put("identityTrustDomain", enrollment.link().trustDomain());
        values.put("identity", Map.of("issuer", Map.of("scheme", "kubernetes.io/tls")));
        values.put("disableHeartBeat", true);
        values.put("clusterNetworks", String.join(",", enrollment.network().podCidr(),
                enrollment.network().serviceCidr()));
        return values;
    }

    /**
     * Returns the multicluster values. The site links to the central cluster and mirrors its services, and nothing
     * at head office links to the site, so the site runs no multicluster gateway of its own.
     */
    static Map<String, Object> multiclusterValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("gateway", Map.of("enabled", false));
        values.put("linkerdNamespace", MeshNames.LINKERD_NAMESPACE);
        return values;
    }
}
