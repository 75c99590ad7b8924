package dev.outpost.engine.enrollment;

import dev.outpost.engine.install.Cidr;
import dev.outpost.engine.mesh.RegistrationResources;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a signed enrollment before a site uses it, and returns findings rather than throwing, so that the wizard
 * and the command line can show every problem at once. The checks follow what {@code linkerd check} verifies about
 * identity, evaluated offline: the trust anchors are ECDSA P-256 CAs valid now; the issuer is an ECDSA P-256
 * intermediate CA without name constraints that chains to an anchor by the JDK's own PKIX validation, valid now and
 * for at least {@link #EXPIRY_WARNING}; the site's ranges do not overlap the central cluster's; the labels are
 * valid Kubernetes labels. {@link #review} does not check the signature, which {@link EnrollmentFile#read} already
 * did, nor the passphrase, which {@link IssuerKeys#openFor} checks.
 */
public final class EnrollmentReview {

    /** A certificate that expires within this long gets a warning, as {@code linkerd check} gives one. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(60);

    /** A service account token: printable characters without spaces. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");
    /** A host name, an IPv4 address or an IPv6 address without brackets. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]*");
    private static final Pattern PROBE_PATH = Pattern.compile("/[\\x21-\\x7e]*");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String NEW_FILE = "ask head office for a new enrollment file";

    private EnrollmentReview() {
    }

    /** Reviews the enrollment at {@code now}, the laptop's time. Blockers come first. */
    public static List<EnrollmentFinding> review(SiteEnrollment enrollment, Instant now) {
        List<EnrollmentFinding> findings = new ArrayList<>();
        if (now.isAfter(enrollment.expiresAt())) {
            findings.add(EnrollmentFinding.blocker("file-expired", "This enrollment file expired on "
                    + DAY.format(enrollment.expiresAt()) + "; " + NEW_FILE + "."));
        }
        findings.addAll(requestFindings(enrollment.siteId(), enrollment.labels(), enrollment.network()));
        if (enrollment.displayName() == null || enrollment.displayName().chars().anyMatch(Character::isISOControl)) {
            findings.add(EnrollmentFinding.blocker("site-name-invalid", "The site's display name in the enrollment"
                    + " file is missing or contains control characters; " + NEW_FILE + "."));
        }
        findings.addAll(linkFindings(enrollment));
        List<X509Certificate> anchors = anchorFindings(enrollment.trustAnchorPem(), now, findings);
        issuerFindings(enrollment, anchors, now, findings);
        rancherFindings(enrollment.rancher(), findings);
        return sorted(findings);
    }

    /** Reviews the enrollment at {@code now} and checks that it is for the expected site. */
    public static List<EnrollmentFinding> review(SiteEnrollment enrollment, Instant now, String expectedSiteId) {
        List<EnrollmentFinding> findings = new ArrayList<>(forSite(enrollment, expectedSiteId));
        findings.addAll(review(enrollment, now));
        return sorted(findings);
    }

    /** Returns a blocker when the enrollment is for another site than the expected one, else nothing. */
    public static List<EnrollmentFinding> forSite(SiteEnrollment enrollment, String expectedSiteId) {
        if (enrollment.siteId().equals(expectedSiteId)) {
            return List.of();
        }
        return List.of(EnrollmentFinding.blocker("other-site", "This enrollment file is for site "
                + enrollment.siteId() + ", not for site " + expectedSiteId + "; use the enrollment file for site "
                + expectedSiteId + ", or ask head office for it."));
    }

    /**
     * Checks the gateway's clock: it must be inside every certificate's validity (trust anchors, issuer, the central
     * API's CA) and before the file's expiry, or Linkerd's proxies reject the certificates.
     *
     * @param gatewayNow the time the gateway's own clock reads
     * @return a {@code gateway-clock} blocker, or nothing
     */
    public static List<EnrollmentFinding> clock(SiteEnrollment enrollment, Instant gatewayNow) {
        List<X509Certificate> certificates = new ArrayList<>();
        addParsed(certificates, enrollment.trustAnchorPem());
        addParsed(certificates, enrollment.issuerCertificatePem());
        if (enrollment.link() != null) {
            addParsed(certificates, enrollment.link().apiServerCaPem());
        }
        Instant start = Instant.MIN;
        Instant end = Instant.MAX;
        for (X509Certificate certificate : certificates) {
            Instant notBefore = certificate.getNotBefore().toInstant();
            Instant notAfter = certificate.getNotAfter().toInstant();
            start = notBefore.isAfter(start) ? notBefore : start;
            end = notAfter.isBefore(end) ? notAfter : end;
        }
        String reads = "The gateway's clock reads " + MINUTE.format(gatewayNow);
        if (gatewayNow.isBefore(start) || gatewayNow.isAfter(end)) {
            return List.of(EnrollmentFinding.blocker("gateway-clock", reads + ", but this site's certificates are"
                    + " valid only from " + MINUTE.format(start) + " to " + MINUTE.format(end) + "; set the"
                    + " gateway's clock to the correct date and time (UTC), then try again."));
        }
        if (gatewayNow.isAfter(enrollment.expiresAt())) {
            return List.of(EnrollmentFinding.blocker("gateway-clock", reads + ", after this enrollment file"
                    + " expired on " + MINUTE.format(enrollment.expiresAt()) + "; if the clock is wrong, set the"
                    + " gateway's clock to the correct date and time (UTC), otherwise " + NEW_FILE + "."));
        }
        return List.of();
    }

    /**
     * Throws for the first blocker among the findings, so that a caller can stop before it changes anything.
     *
     * @throws EnrollmentException (expired) for {@code file-expired}, (wrong site) for {@code other-site},
     *                             (rejected) for any other blocker; the message is the finding's
     */
    public static void requireUsable(List<EnrollmentFinding> findings) throws EnrollmentException {
        for (EnrollmentFinding finding : findings) {
            if (!finding.isBlocker()) {
                continue;
            }
            EnrollmentException.Kind kind = switch (finding.id()) {
                case "file-expired" -> EnrollmentException.Kind.EXPIRED;
                case "other-site" -> EnrollmentException.Kind.WRONG_SITE;
                default -> EnrollmentException.Kind.REJECTED;
            };
            throw new EnrollmentException(kind, finding.message());
        }
    }

    /** Checks what head office chose for a site: its id, labels and ranges. Issuing reuses these checks. */
    static List<EnrollmentFinding> requestFindings(String siteId, Map<String, String> labels,
            SiteNetwork network) {
        List<EnrollmentFinding> findings = new ArrayList<>();
        SiteLabels.siteIdProblem(siteId).ifPresent(problem -> findings.add(EnrollmentFinding.blocker(
                "site-id-invalid", problem + " Correct the site id and issue the enrollment again.")));
        for (String problem : SiteLabels.problems(labels)) {
            findings.add(EnrollmentFinding.blocker("labels-invalid", problem + " Correct the label and issue the"
                    + " enrollment again."));
        }
        findings.addAll(networkFindings(network));
        return findings;
    }

    private static List<EnrollmentFinding> networkFindings(SiteNetwork network) {
        if (network == null) {
            return List.of(EnrollmentFinding.blocker("ranges-invalid", "The enrollment file names no address"
                    + " ranges for the site; " + NEW_FILE + "."));
        }
        List<EnrollmentFinding> findings = new ArrayList<>();
        Optional<Cidr> pods = range("site pod range", network.podCidr(), findings);
        Optional<Cidr> services = range("site service range", network.serviceCidr(), findings);
        Optional<Cidr> centralPods = range("central pod range", network.centralPodCidr(), findings);
        Optional<Cidr> centralServices = range("central service range", network.centralServiceCidr(), findings);
        overlap("site pod range", pods, "site service range", services, findings);
        overlap("site pod range", pods, "central cluster's pod range", centralPods, findings);
        overlap("site pod range", pods, "central cluster's service range", centralServices, findings);
        overlap("site service range", services, "central cluster's pod range", centralPods, findings);
        overlap("site service range", services, "central cluster's service range", centralServices, findings);
        return findings;
    }

    private static Optional<Cidr> range(String description, String text, List<EnrollmentFinding> findings) {
        Optional<Cidr> cidr = Cidr.parse(text);
        if (cidr.isEmpty()) {
            findings.add(EnrollmentFinding.blocker("ranges-invalid", "The " + description + " '" + text + "' is not an"
                    + " address range such as 10.50.0.0/16; correct it and issue the enrollment again."));
            return Optional.empty();
        }
        if (!cidr.get().exact()) {
            findings.add(EnrollmentFinding.blocker("ranges-invalid", "The " + description + " '" + text + "' has host"
                    + " bits set; write it as " + cidr.get().network() + " and issue the enrollment again."));
        }
        return cidr;
    }

    private static void overlap(String description, Optional<Cidr> a, String otherDescription, Optional<Cidr> b,
            List<EnrollmentFinding> findings) {
        if (a.isPresent() && b.isPresent() && a.get().overlaps(b.get())) {
            findings.add(EnrollmentFinding.blocker("ranges-overlap", "The " + description + " " + a.get()
                    + " overlaps the " + otherDescription + " " + b.get() + ", so traffic between them would go"
                    + " astray; choose a range that overlaps neither and issue the enrollment again."));
        }
    }

    private static List<EnrollmentFinding> linkFindings(SiteEnrollment enrollment) {
        CentralLink link = enrollment.link();
        List<String> missing = new ArrayList<>();
        if (!SiteLabels.isDnsLabel(enrollment.centralClusterName())) {
            missing.add("a valid central cluster name");
        }
        if (link == null) {
            missing.add("the link to the central cluster");
        } else {
            if (link.apiServerUrl() == null || !link.apiServerUrl().startsWith("https://")) {
                missing.add("the central API's https address");
            }
            if (link.serviceMirrorToken() == null || !TOKEN.matcher(link.serviceMirrorToken()).matches()) {
                missing.add("a valid service mirror token");
            }
            if (link.gatewayAddress() == null || !ADDRESS.matcher(link.gatewayAddress()).matches()) {
                missing.add("a valid central gateway address");
            }
            if (link.probePath() == null || !PROBE_PATH.matcher(link.probePath()).matches()) {
                missing.add("a valid gateway probe path");
            }
            if (!isDomain(link.clusterDomain())) {
                missing.add("a valid central cluster domain");
            }
            if (!isPort(link.gatewayPort()) || !isPort(link.probePort())) {
                missing.add("the central gateway's ports");
            }
            if (!isDomain(link.gatewayIdentity())) {
                missing.add("a valid central gateway identity");
            }
            if (!isDomain(link.trustDomain())) {
                missing.add("a valid trust domain");
            }
        }
        if (missing.isEmpty()) {
            return List.of();
        }
        return List.of(EnrollmentFinding.blocker("link-incomplete", "The enrollment file lacks "
                + String.join(", ", missing) + "; " + NEW_FILE + "."));
    }

    private static boolean isPort(int port) {
        return port > 0 && port < 65536;
    }

    private static List<X509Certificate> anchorFindings(String pem, Instant now, List<EnrollmentFinding> findings) {
        List<X509Certificate> anchors;
        try {
            anchors = Pem.certificates(pem);
        } catch (CertificateException e) {
            findings.add(EnrollmentFinding.blocker("trust-anchor-unreadable", "The trust anchor certificate in the"
                    + " enrollment file cannot be read; " + NEW_FILE + "."));
            return List.of();
        }
        for (X509Certificate anchor : anchors) {
            String name = "The trust anchor " + commonName(anchor);
            if (anchor.getBasicConstraints() < 0) {
                findings.add(EnrollmentFinding.blocker("trust-anchor-not-ca", name + " is not a certificate"
                        + " authority; " + NEW_FILE + " that carries the mesh's trust anchor."));
            }
            if (!isP256(anchor)) {
                findings.add(EnrollmentFinding.blocker("trust-anchor-algorithm", name + " does not use ECDSA P-256,"
                        + " which Linkerd requires; " + NEW_FILE + "."));
            }
            validity(name, "trust-anchor", anchor, now, findings, "ask head office to rotate the mesh's trust"
                    + " anchor");
        }
        return anchors;
    }

    private static void issuerFindings(SiteEnrollment enrollment, List<X509Certificate> anchors, Instant now,
            List<EnrollmentFinding> findings) {
        X509Certificate issuer;
        try {
            issuer = Pem.certificate(enrollment.issuerCertificatePem());
        } catch (CertificateException e) {
            findings.add(EnrollmentFinding.blocker("issuer-unreadable", "The site's issuer certificate in the"
                    + " enrollment file cannot be read; " + NEW_FILE + "."));
            return;
        }
        String name = "The site's issuer certificate";
        if (!isP256(issuer)) {
            findings.add(EnrollmentFinding.blocker("issuer-algorithm", name + " does not use ECDSA P-256, which"
                    + " Linkerd requires; " + NEW_FILE + "."));
        }
        boolean[] keyUsage = issuer.getKeyUsage();
        boolean signsCertificates = keyUsage != null && keyUsage.length > 5 && keyUsage[5];
        if (issuer.getBasicConstraints() < 0 || !signsCertificates) {
            findings.add(EnrollmentFinding.blocker("issuer-not-ca", name + " is a plain certificate, not an"
                    + " intermediate certificate authority, so Linkerd cannot issue the site's workload certificates"
                    + " with it; " + NEW_FILE + "."));
        }
        if (issuer.getExtensionValue(Extension.nameConstraints.getId()) != null) {
            findings.add(EnrollmentFinding.blocker("issuer-name-constraints", name + " carries name constraints,"
                    + " which Linkerd's proxies reject; " + NEW_FILE + " with an issuer without them."));
        }
        if (anchors.contains(issuer)) {
            findings.add(EnrollmentFinding.blocker("issuer-is-anchor", name + " is the trust anchor itself, whose"
                    + " key must never leave head office; " + NEW_FILE + " with a site issuer."));
        } else if (!anchors.isEmpty() && !chainsTo(issuer, anchors, now)) {
            findings.add(EnrollmentFinding.blocker("issuer-not-chained", name + " was not signed by the mesh's trust"
                    + " anchor in the same file, so the site could not talk to the central cluster; " + NEW_FILE
                    + "."));
        }
        String expected = enrollment.link() == null ? null : "identity.linkerd." + enrollment.link().trustDomain();
        if (expected != null && !expected.equals(commonName(issuer))) {
            findings.add(EnrollmentFinding.warning("issuer-name", name + " is named " + commonName(issuer)
                    + " rather than " + expected + "; the site can join, but ask head office to check the trust"
                    + " domain."));
        }
        validity(name, "issuer", issuer, now, findings, NEW_FILE);
    }

    /**
     * Validates the one-certificate path from the issuer to the anchors with the JDK's PKIX validator, without
     * revocation, at a time inside the issuer's validity, so that an expired issuer is reported as expired, not as
     * unchained.
     */
    static boolean chainsTo(X509Certificate issuer, List<X509Certificate> anchors, Instant now) {
        try {
            Set<java.security.cert.TrustAnchor> trusted = new HashSet<>();
            for (X509Certificate anchor : anchors) {
                trusted.add(new java.security.cert.TrustAnchor(anchor, null));
            }
            PKIXParameters parameters = new PKIXParameters(trusted);
            parameters.setRevocationEnabled(false);
            Instant notBefore = issuer.getNotBefore().toInstant();
            Instant notAfter = issuer.getNotAfter().toInstant();
            boolean inside = !now.isBefore(notBefore) && !now.isAfter(notAfter);
            parameters.setDate(Date.from(inside ? now : notBefore));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(issuer)), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void validity(String name, String idPrefix, X509Certificate certificate, Instant now,
            List<EnrollmentFinding> findings, String remedy) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            findings.add(EnrollmentFinding.blocker(idPrefix + "-not-valid", name + " is not valid until "
                    + MINUTE.format(notBefore) + "; check this computer's clock, or " + remedy + "."));
        } else if (now.isAfter(notAfter)) {
            findings.add(EnrollmentFinding.blocker(idPrefix + "-not-valid", name + " expired on "
                    + DAY.format(notAfter) + "; " + remedy + "."));
        } else if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
            long days = Duration.between(now, notAfter).toDays();
            findings.add(EnrollmentFinding.warning(idPrefix + "-expiring", name + " expires on "
                    + DAY.format(notAfter) + ", in " + days + (days == 1 ? " day" : " days") + "; the site can"
                    + " join, but " + remedy + " before then, or the site's mesh stops working."));
        }
    }

    private static boolean isDomain(String text) {
        return text != null && DOMAIN.matcher(text).matches();
    }

    private static void rancherFindings(RancherRegistration rancher, List<EnrollmentFinding> findings) {
        if (rancher == null) {
            return;
        }
        try {
            RegistrationResources.resources(rancher.manifestYaml());
        } catch (IllegalArgumentException e) {
            findings.add(EnrollmentFinding.blocker("rancher-manifest-invalid", "The Rancher registration in the"
                    + " enrollment file is not a Kubernetes manifest; " + NEW_FILE + "."));
            return;
        }
        boolean valid = rancher.serverUrl() != null && rancher.serverUrl().startsWith("https://")
                && rancher.manifestYaml() != null && !rancher.manifestYaml().isBlank()
                && (rancher.caChecksum() == null || rancher.caChecksum().isEmpty()
                        || SHA256_HEX.matcher(rancher.caChecksum()).matches());
        if (!valid) {
            findings.add(EnrollmentFinding.blocker("rancher-invalid", "The Rancher registration in the enrollment"
                    + " file is incomplete; " + NEW_FILE + "."));
        }
    }

    static boolean isP256(X509Certificate certificate) {
        try {
            var algorithm = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()).getAlgorithm();
            return X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                    && SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String commonName(X509Certificate certificate) {
        RDN[] names = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        if (names.length == 0) {
            return certificate.getSubjectX500Principal().getName();
        }
        return IETFUtils.valueToString(names[0].getFirst().getValue());
    }

    private static void addParsed(List<X509Certificate> certificates, String pem) {
        if (pem == null || pem.isBlank()) {
            return;
        }
        try {
            certificates.addAll(Pem.certificates(pem));
        } catch (CertificateException e) {
            // An unreadable certificate is reported by review(); it sets no bound on the clock.
            return;
        }
    }

    private static List<EnrollmentFinding> sorted(List<EnrollmentFinding> findings) {
        List<EnrollmentFinding> ordered = new ArrayList<>(findings);
        ordered.sort((a, b) -> a.severity().compareTo(b.severity()));
        return List.copyOf(ordered);
    }
}
