package dev.outpost.engine.enrollment;

/**
 * The address ranges head office chose for a site, with the central cluster's ranges that they must not overlap.
 *
 * @param podCidr            the site's pod range, K3s's {@code cluster-cidr}
 * @param serviceCidr        the site's service range, K3s's {@code service-cidr}
 * @param centralPodCidr     the central cluster's pod range
 * @param centralServiceCidr the central cluster's service range
 */
public record SiteNetwork(String podCidr, String serviceCidr, String centralPodCidr, String centralServiceCidr) {
}
