package dev.outpost.engine.install;

import java.util.List;
import java.util.Map;

/**
 * The site settings that the K3s configuration on the gateway records. Outpost writes it to
 * {@code /etc/rancher/k3s/config.yaml} before K3s first starts.
 *
 * @param nodeName           the Kubernetes node name, usually the site's name
 * @param labels             node labels that describe the site, such as {@code outpost.dev/site=store-0042}
 * @param podCidr            the range pods get addresses from ({@code cluster-cidr})
 * @param serviceCidr        the range services get addresses from ({@code service-cidr})
 * @param reservedCidrs      ranges the two above must not overlap, such as the central cluster's
 * @param tlsSans            extra names and addresses the API server certificate carries
 * @param disabledComponents packaged K3s components not to deploy, such as {@code traefik}
 */
public record SiteSettings(String nodeName, Map<String, String> labels, String podCidr, String serviceCidr,
        List<String> reservedCidrs, List<String> tlsSans, List<String> disabledComponents) {

    /** K3s's own default pod range. */
    public static final String DEFAULT_POD_CIDR = "10.42.0.0/16";
    /** K3s's own default service range. */
    public static final String DEFAULT_SERVICE_CIDR = "10.43.0.0/16";
    /** Traefik is not needed at a site: traffic from head office arrives through the mesh gateway. */
    public static final List<String> DEFAULT_DISABLED = List.of("traefik");

    public SiteSettings {
        labels = Map.copyOf(labels);
        reservedCidrs = List.copyOf(reservedCidrs);
        tlsSans = List.copyOf(tlsSans);
        disabledComponents = List.copyOf(disabledComponents);
    }

    /** Settings for a site with K3s's default ranges, Traefik disabled, and only the site label. */
    public static SiteSettings defaults(String nodeName) {
        return new SiteSettings(nodeName, Map.of(K3sConfig.SITE_LABEL, nodeName), DEFAULT_POD_CIDR,
                DEFAULT_SERVICE_CIDR, List.of(), List.of(), DEFAULT_DISABLED);
    }
}
