package dev.outpost.engine.enrollment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Issues site enrollments at head office: for each site, a fresh Linkerd issuer signed by the trust anchor, its key
 * encrypted with the site passphrase, and the central cluster's link, all checked as a site will check them. The
 * trust anchor's key signs the issuer and goes nowhere else.
 *
 * <p>One instance serves a whole batch; the central cluster is read once, before. Not thread-safe.
 */
public final class EnrollmentIssuer {

    /** The shortest site passphrase accepted, so that the encrypted key in a lost file resists guessing. */
    public static final int MIN_PASSPHRASE_LENGTH = 12;

    private static final Logger log = LoggerFactory.getLogger(EnrollmentIssuer.class);

    private final TrustAnchor anchor;
    private final CentralCluster central;
    private final String centralClusterName;
    private final RancherRegistration rancher;
    private final IssuancePolicy policy;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param centralClusterName the central cluster's name in the site's link, a DNS label such as {@code central}
     * @param rancher            the Rancher registration every site applies, or {@code null} for none
     * @throws EnrollmentException (invalid request) when the central name is not a DNS label or the trust anchor
     *                             differs from the central cluster's
     */
    public EnrollmentIssuer(TrustAnchor anchor, CentralCluster central, String centralClusterName,
            RancherRegistration rancher, IssuancePolicy policy, Clock clock, SecureRandom random)
            throws EnrollmentException {
        if (!SiteLabels.isDnsLabel(centralClusterName)) {
            throw new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, "The central cluster name '"
                    + centralClusterName + "' is invalid: use at most 63 lowercase letters, digits and '-', such as"
                    + " central.");
        }
        central.requireSameTrustAnchors(anchor);
        this.anchor = anchor;
        this.central = central;
        this.centralClusterName = centralClusterName;
        this.rancher = rancher;
        this.policy = policy;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Checks a site request without issuing anything: its id, labels and ranges against the central cluster's.
     *
     * @return the problems, each a sentence with the fix; empty when the request can be issued
     */
    public List<String> problems(SiteRequest site) {
        return EnrollmentReview.requestFindings(site.siteId(), site.labels(), network(site)).stream()
                .map(EnrollmentFinding::message).toList();
    }

    /**
     * Issues the site's enrollment. Takes a sizeable part of a second, mostly to encrypt the key.
     *
     * @param passphrase the passphrase that will open the issuer key at the site; the caller wipes it
     * @throws EnrollmentException (invalid request) when the request has a problem or the passphrase is shorter
     *                             than {@value #MIN_PASSPHRASE_LENGTH} characters
     */
    public SiteEnrollment issue(SiteRequest site, char[] passphrase) throws EnrollmentException {
        List<String> problems = problems(site);
        if (!problems.isEmpty()) {
            throw new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, "Site " + site.siteId() + ": "
                    + problems.get(0));
        }
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE_LENGTH) {
            throw new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, "The site passphrase is shorter"
                    + " than " + MIN_PASSPHRASE_LENGTH + " characters; choose a longer one, or let Outpost generate"
                    + " it.");
        }
        Instant now = clock.instant();
        IssuerCertificates.SiteIssuer issuer = IssuerCertificates.issue(anchor, central.link().trustDomain(), now,
                policy.issuerValidity(), random);
        Instant issuerEnd = issuer.certificate().getNotAfter().toInstant();
        Instant expiresAt = now.plus(policy.fileValidity());
        SiteEnrollment enrollment = new SiteEnrollment(SiteEnrollment.SCHEMA_VERSION, site.siteId(),
                site.displayName(), site.labels(), centralClusterName, central.link(), anchor.bundlePem(),
                IssuerCertificates.toPem(issuer.certificate()),
                IssuerKeys.encrypt(issuer.keyPair().getPrivate(), passphrase, random), network(site), rancher, now,
                expiresAt.isBefore(issuerEnd) ? expiresAt : issuerEnd);
        List<EnrollmentFinding> findings = EnrollmentReview.review(enrollment, now, site.siteId());
        EnrollmentReview.requireUsable(findings);
        log.info("Issued the enrollment of site {}: issuer serial {} valid until {}.", site.siteId(),
                issuer.certificate().getSerialNumber().toString(16), issuerEnd);
        return enrollment;
    }

    private SiteNetwork network(SiteRequest site) {
        return new SiteNetwork(site.podCidr(), site.serviceCidr(), policy.centralPodCidr(),
                policy.centralServiceCidr());
    }
}
