package dev.outpost.engine.enrollment;

import java.time.Instant;
import java.util.Map;

/**
 * What head office issues for one site: who the site is, what it joins, and the site's own Linkerd identity. It is
 * read from a signed enrollment file; the issuer's private key stays encrypted with the passphrase the technician
 * types until {@link EncryptedIssuerKey} is opened. Instances are immutable.
 *
 * @param schemaVersion        the version of the file's format
 * @param siteId               the site's id, such as {@code store-0042}; it becomes the node name
 * @param displayName          the site's name for people, such as {@code Store 42, Leeds}
 * @param labels               site labels for Fleet and workloads, such as {@code region=north}
 * @param centralClusterName   the central cluster's name, which the multicluster link carries
 * @param link                 what the site needs to link to the central cluster
 * @param trustAnchorPem       the mesh's Linkerd trust anchor certificate, PEM; never its key
 * @param issuerCertificatePem this site's Linkerd issuer certificate, PEM, signed by the trust anchor
 * @param issuerKey            this site's issuer private key, encrypted
 * @param network              the site's own ranges and the central cluster's, which they must not overlap
 * @param rancher              the Rancher registration, or {@code null} when the site does not register
 * @param issuedAt             when head office issued the file
 * @param expiresAt            after when the file must no longer be used
 */
public record SiteEnrollment(int schemaVersion, String siteId, String displayName, Map<String, String> labels,
        String centralClusterName, CentralLink link, String trustAnchorPem, String issuerCertificatePem,
        EncryptedIssuerKey issuerKey, SiteNetwork network, RancherRegistration rancher, Instant issuedAt,
        Instant expiresAt) {

    /** The newest format version this Outpost reads and writes. */
    public static final int SCHEMA_VERSION = 1;

    public SiteEnrollment {
        labels = Map.copyOf(labels);
    }
}
