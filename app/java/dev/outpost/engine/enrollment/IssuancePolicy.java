package dev.outpost.engine.enrollment;

import java.time.Duration;

/**
 * The rules head office issues enrollments by: how long issuers and files last, and the central cluster's ranges
 * that no site may overlap.
 *
 * @param issuerValidity     how long a site's issuer certificate lasts; cut to the trust anchor's end
 * @param fileValidity       how long an enrollment file can be used to join; cut to the issuer's end
 * @param centralPodCidr     the central cluster's pod range
 * @param centralServiceCidr the central cluster's service range
 */
public record IssuancePolicy(Duration issuerValidity, Duration fileValidity, String centralPodCidr,
        String centralServiceCidr) {

    /** RKE2's default pod range, which the central cluster has unless it was changed. */
    public static final String RKE2_POD_CIDR = "10.42.0.0/16";
    /** RKE2's default service range. */
    public static final String RKE2_SERVICE_CIDR = "10.43.0.0/16";
    /** How long a file can be used to join by default: time to ship it and schedule the site visit. */
    public static final Duration DEFAULT_FILE_VALIDITY = Duration.ofDays(90);

    /** A year-long issuer, a 90-day file and RKE2's default central ranges. */
    public static final IssuancePolicy DEFAULT = new IssuancePolicy(IssuerCertificates.DEFAULT_VALIDITY,
            DEFAULT_FILE_VALIDITY, RKE2_POD_CIDR, RKE2_SERVICE_CIDR);

    public IssuancePolicy {
        if (issuerValidity.isNegative() || issuerValidity.isZero() || fileValidity.isNegative()
                || fileValidity.isZero()) {
            throw new IllegalArgumentException("Validity periods must be at least one day.");
        }
    }
}
