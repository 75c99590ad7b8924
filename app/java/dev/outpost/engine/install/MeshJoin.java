package dev.outpost.engine.install;

import dev.outpost.engine.enrollment.SiteEnrollment;

import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What joining the site to the central mesh needs beyond K3s: the verified enrollment and the site's Linkerd issuer
 * key, opened with the technician's passphrase. The key is a secret; it reaches the cluster only through the API.
 *
 * @param enrollment the enrollment, whose signature and certificates were checked when it was read
 * @param issuerKey  the issuer's private key
 */
public record MeshJoin(SiteEnrollment enrollment, PrivateKey issuerKey) {

    /** Returns the K3s settings an enrolled site installs with: its id as node name, its labels and its ranges. */
    public SiteSettings siteSettings() {
        Map<String, String> labels = new LinkedHashMap<>(enrollment.labels());
        labels.put(K3sConfig.SITE_LABEL, enrollment.siteId());
        return new SiteSettings(enrollment.siteId(), labels, enrollment.network().podCidr(),
                enrollment.network().serviceCidr(), List.of(enrollment.network().centralPodCidr(),
                        enrollment.network().centralServiceCidr()), List.of(), SiteSettings.DEFAULT_DISABLED);
    }

    /** Leaves the key out, so that a log line or an exception never carries it. */
    @Override
    public String toString() {
        return "MeshJoin[site=" + enrollment.siteId() + "]";
    }
}
