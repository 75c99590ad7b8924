package dev.outpost.engine.mesh;

import dev.outpost.engine.enrollment.SiteEnrollment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a joined site should look like: its id, labels, the central cluster it links to and the mesh's trust anchor.
 * It comes from the enrollment, or, on a later visit without the file, from the site's record that joining left in
 * the cluster.
 *
 * @param siteId         the site's id, its node name
 * @param labels         the site labels, without Outpost's own
 * @param centralCluster the central cluster's name
 * @param trustAnchorPem the trust anchor certificate, PEM
 * @param registersWithRancher whether the site registers with Rancher
 */
public record SiteExpectation(String siteId, Map<String, String> labels, String centralCluster,
        String trustAnchorPem, boolean registersWithRancher) {

    public SiteExpectation {
        labels = Map.copyOf(labels);
    }

    public static SiteExpectation of(SiteEnrollment enrollment) {
        return new SiteExpectation(enrollment.siteId(), enrollment.labels(), enrollment.centralClusterName(),
                enrollment.trustAnchorPem(), enrollment.rancher() != null);
    }

    /** Reads the site's record from the cluster, or returns empty when the site has not joined. Blocks. */
    public static Optional<SiteExpectation> read(KubernetesClient client) {
        ConfigMap record = client.configMaps().inNamespace(MeshNames.OUTPOST_NAMESPACE)
                .withName(MeshNames.SITE_CONFIG_MAP).get();
        if (record == null || record.getData() == null || record.getData().get("site") == null) {
            return Optional.empty();
        }
        Map<String, String> data = record.getData();
        Map<String, String> labels = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            if (key.startsWith("label.")) {
                labels.put(key.substring("label.".length()), value);
            }
        });
        return Optional.of(new SiteExpectation(data.get("site"), labels, data.getOrDefault("centralCluster", ""),
                data.getOrDefault("trustAnchor", ""), Boolean.parseBoolean(data.getOrDefault("rancher", "false"))));
    }
}
