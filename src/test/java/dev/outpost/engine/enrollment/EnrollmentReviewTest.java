package dev.outpost.engine.enrollment;

import dev.outpost.testing.TestMeshPki;
import org.junit.jupiter.api.Test;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrollmentReviewTest {

    private final TestMeshPki pki = TestMeshPki.create();

    private List<EnrollmentFinding> review(TestMeshPki.Enrollment builder) {
        return EnrollmentReview.review(builder.build(), pki.now());
    }

    private static EnrollmentFinding only(List<EnrollmentFinding> findings, String id) {
        assertThat(findings).extracting(EnrollmentFinding::id).containsExactly(id);
        return findings.get(0);
    }

    @Test
    void validEnrollmentHasNoFindings() {
        assertThat(review(pki.enrollment("store-0042"))).isEmpty();
    }

    @Test
    void chainPassesJdkPkixValidation() throws Exception {
        SiteEnrollment enrollment = pki.enrollment("store-0042").build();
        X509Certificate issuer = IssuerCertificates.parse(enrollment.issuerCertificatePem()).get(0);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(pki.anchorCertificate(), null)));
        parameters.setRevocationEnabled(false);

        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(issuer)), parameters);
    }

    @Test
    void unchainedIssuerIsBlocker() {
        EnrollmentFinding finding = only(review(pki.enrollment("store-0042").issuerNotChained()),
                "issuer-not-chained");

        assertThat(finding.severity()).isEqualTo(EnrollmentFinding.Severity.BLOCKER);
        assertThat(finding.message()).contains("not signed by the mesh's trust anchor")
                .contains("ask head office for a new enrollment file");
    }

    @Test
    void leafIssuerIsBlocker() {
        EnrollmentFinding finding = only(review(pki.enrollment("store-0042").issuerLeaf()), "issuer-not-ca");

        assertThat(finding.isBlocker()).isTrue();
        assertThat(finding.message()).contains("not an intermediate certificate authority");
    }

    @Test
    void nameConstrainedIssuerIsBlocker() {
        EnrollmentFinding finding = only(review(pki.enrollment("store-0042").issuerNameConstrained()),
                "issuer-name-constraints");

        assertThat(finding.isBlocker()).isTrue();
        assertThat(finding.message()).contains("name constraints");
    }

    @Test
    void issuerExpiringInTenDaysWarns() {
        EnrollmentFinding finding = only(review(pki.enrollment("store-0042").issuerExpiringInDays(10)),
                "issuer-expiring");

        assertThat(finding.severity()).isEqualTo(EnrollmentFinding.Severity.WARNING);
        assertThat(finding.message()).contains("in 10 days").contains("the site can join");
    }

    @Test
    void expiredIssuerIsBlocker() {
        TestMeshPki.Enrollment builder = pki.enrollment("store-0042")
                .issuerValidity(pki.now().minus(Duration.ofDays(400)), pki.now().minus(Duration.ofDays(35)));

        EnrollmentFinding finding = only(review(builder), "issuer-not-valid");

        assertThat(finding.message()).contains("expired on");
    }

    @Test
    void issuerNotYetValidIsBlocker() {
        TestMeshPki.Enrollment builder = pki.enrollment("store-0042")
                .issuerValidity(pki.now().plus(Duration.ofDays(2)), pki.now().plus(Duration.ofDays(300)));

        EnrollmentFinding finding = only(review(builder), "issuer-not-valid");

        assertThat(finding.message()).contains("is not valid until").contains("check this computer's clock");
    }

    @Test
    void expiredFileIsBlocker() {
        EnrollmentFinding finding = only(review(pki.enrollment("store-0042").expired()), "file-expired");

        assertThat(finding.message()).startsWith("This enrollment file expired on")
                .endsWith("ask head office for a new enrollment file.");
    }

    @Test
    void otherSiteIsBlocker() {
        SiteEnrollment enrollment = pki.enrollment("store-0043").build();

        List<EnrollmentFinding> findings = EnrollmentReview.review(enrollment, pki.now(), "store-0042");

        EnrollmentFinding finding = only(findings, "other-site");
        assertThat(finding.message()).contains("is for site store-0043, not for site store-0042");
        assertThat(EnrollmentReview.forSite(enrollment, "store-0043")).isEmpty();
    }

    @Test
    void podRangeOverlappingCentralIsBlocker() {
        TestMeshPki.Enrollment builder = pki.enrollment("store-0042")
                .network(new SiteNetwork("10.42.128.0/17", "10.51.0.0/16", "10.42.0.0/16", "10.43.0.0/16"));

        EnrollmentFinding finding = only(review(builder), "ranges-overlap");

        assertThat(finding.message()).contains("10.42.128.0/17").contains("central cluster's pod range 10.42.0.0/16");
    }

    @Test
    void rangeWithHostBitsIsBlocker() {
        TestMeshPki.Enrollment builder = pki.enrollment("store-0042")
                .network(new SiteNetwork("10.50.0.7/16", "10.51.0.0/16", "10.42.0.0/16", "10.43.0.0/16"));

        assertThat(only(review(builder), "ranges-invalid").message()).contains("write it as 10.50.0.0/16");
    }

    @Test
    void invalidLabelsAreBlockers() {
        TestMeshPki.Enrollment builder = pki.enrollment("store-0042")
                .labels(Map.of("Region Name", "north", "store", "-42-"));

        List<EnrollmentFinding> findings = review(builder);

        assertThat(findings).extracting(EnrollmentFinding::id).containsExactly("labels-invalid", "labels-invalid");
        assertThat(findings).extracting(EnrollmentFinding::message)
                .anyMatch(m -> m.contains("'Region Name'"))
                .anyMatch(m -> m.contains("'-42-'"));
    }

    @Test
    void prefixedLabelKeyIsValid() {
        TestMeshPki.Enrollment builder = pki.enrollment("store-0042")
                .labels(Map.of("outpost.dev/site-type", "shop", "empty", ""));

        assertThat(review(builder)).isEmpty();
    }

    @Test
    void missingTokenIsBlocker() {
        CentralLink link = TestMeshPki.centralLink("https://central.test:6443", "");
        CentralLink noToken = new CentralLink(link.apiServerUrl(), link.apiServerCaPem(), "", link.gatewayAddress(),
                link.gatewayPort(), link.probePort(), link.probePath(), link.probePeriodSeconds(),
                link.gatewayIdentity(), link.trustDomain(), link.clusterDomain());

        EnrollmentFinding finding = only(review(pki.enrollment("store-0042").link(noToken)), "link-incomplete");

        assertThat(finding.message()).contains("a valid service mirror token");
    }

    @Test
    void controlCharactersInLinkValuesAreBlockers() {
        CentralLink link = TestMeshPki.centralLink("https://central.test:6443", "");
        CentralLink odd = new CentralLink(link.apiServerUrl(), link.apiServerCaPem(), "token\nkind: Secret",
                "203.0.113.10\nkind: Secret", link.gatewayPort(), link.probePort(), "/ready\n", 3,
                link.gatewayIdentity(), "evil\"\ninjected: x", link.clusterDomain());

        EnrollmentFinding finding = review(pki.enrollment("store-0042").link(odd)).stream()
                .filter(f -> f.id().equals("link-incomplete")).findFirst().orElseThrow();

        assertThat(finding.isBlocker()).isTrue();
        assertThat(finding.message()).contains("a valid service mirror token", "a valid central gateway address",
                "a valid gateway probe path", "a valid trust domain");
        assertThat(finding.message()).doesNotContain("kind: Secret");
    }

    @Test
    void reservedLabelPrefixIsBlocker() {
        EnrollmentFinding finding = only(review(pki.enrollment("store-0042")
                .labels(java.util.Map.of("kubernetes.io/hostname", "evil"))), "labels-invalid");

        assertThat(finding.message()).contains("reserves");
    }

    @Test
    void unreadableRancherManifestIsBlocker() {
        only(review(pki.enrollment("store-0042").rancher(new dev.outpost.engine.enrollment.RancherRegistration(
                TestMeshPki.RANCHER_URL, TestMeshPki.RANCHER_CA_CHECKSUM, "{{{: not yaml ["))),
                "rancher-manifest-invalid");
    }

    @Test
    void controlCharactersInDisplayNameAreBlocker() {
        only(review(pki.enrollment("store-0042").displayName("Store 42\u001b[2J")), "site-name-invalid");
    }

    @Test
    void clockFiveYearsAheadIsBlocker() {
        SiteEnrollment enrollment = pki.enrollment("store-0042").build();

        List<EnrollmentFinding> findings = EnrollmentReview.clock(enrollment,
                pki.now().plus(Duration.ofDays(5 * 365)));

        EnrollmentFinding finding = only(findings, "gateway-clock");
        assertThat(finding.isBlocker()).isTrue();
        assertThat(finding.message()).contains("set the gateway's clock");
    }

    @Test
    void clockFiveYearsBehindIsBlocker() {
        SiteEnrollment enrollment = pki.enrollment("store-0042").build();

        List<EnrollmentFinding> findings = EnrollmentReview.clock(enrollment,
                pki.now().minus(Duration.ofDays(5 * 365)));

        assertThat(only(findings, "gateway-clock").message()).contains("set the gateway's clock");
    }

    @Test
    void clockAfterFileExpiryIsBlocker() {
        SiteEnrollment enrollment = pki.enrollment("store-0042").build();
        Instant afterExpiry = enrollment.expiresAt().plus(Duration.ofDays(1));

        assertThat(only(EnrollmentReview.clock(enrollment, afterExpiry), "gateway-clock").message())
                .contains("after this enrollment file expired");
    }

    @Test
    void correctClockPasses() {
        SiteEnrollment enrollment = pki.enrollment("store-0042").build();

        assertThat(EnrollmentReview.clock(enrollment, pki.now().plus(Duration.ofMinutes(3)))).isEmpty();
    }

    @Test
    void requireUsableNamesKind() {
        SiteEnrollment expired = pki.enrollment("store-0042").expired().build();

        assertThatThrownBy(() -> EnrollmentReview.requireUsable(EnrollmentReview.review(expired, pki.now())))
                .isInstanceOf(EnrollmentException.class)
                .extracting(e -> ((EnrollmentException) e).kind()).isEqualTo(EnrollmentException.Kind.EXPIRED);
        assertThatThrownBy(() -> EnrollmentReview.requireUsable(EnrollmentReview.forSite(expired, "store-1")))
                .isInstanceOf(EnrollmentException.class)
                .extracting(e -> ((EnrollmentException) e).kind()).isEqualTo(EnrollmentException.Kind.WRONG_SITE);
    }

    @Test
    void warningsDoNotStopUse() throws EnrollmentException {
        SiteEnrollment enrollment = pki.enrollment("store-0042").issuerExpiringInDays(10).build();

        EnrollmentReview.requireUsable(EnrollmentReview.review(enrollment, pki.now()));
    }
}
