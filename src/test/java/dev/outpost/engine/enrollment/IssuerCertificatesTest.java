package dev.outpost.engine.enrollment;

import dev.outpost.testing.TestMeshPki;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class IssuerCertificatesTest {

    private final TestMeshPki pki = TestMeshPki.create();

    private X509Certificate issue(Duration validity) throws EnrollmentException {
        return IssuerCertificates.issue(pki.trustAnchor(), "cluster.local", pki.now(), validity, new SecureRandom())
                .certificate();
    }

    @Test
    void issuerIsIntermediateP256Ca() throws Exception {
        X509Certificate issuer = issue(Duration.ofDays(365));

        assertThat(issuer.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(EnrollmentReview.isP256(issuer)).isTrue();
        assertThat(issuer.getBasicConstraints()).isZero();
        assertThat(issuer.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(issuer.getKeyUsage()[6]).as("cRLSign").isTrue();
        assertThat(issuer.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(issuer.getExtensionValue(Extension.nameConstraints.getId())).isNull();
        assertThat(issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(issuer.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(EnrollmentReview.commonName(issuer)).isEqualTo("identity.linkerd.cluster.local");
        assertThat(issuer.getIssuerX500Principal()).isEqualTo(pki.anchorCertificate().getSubjectX500Principal());
    }

    @Test
    void issuerPassesJdkPkix() throws Exception {
        X509Certificate issuer = issue(Duration.ofDays(365));
        PKIXParameters parameters = new PKIXParameters(Set.of(
                new java.security.cert.TrustAnchor(pki.anchorCertificate(), null)));
        parameters.setRevocationEnabled(false);

        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(issuer)), parameters);
    }

    @Test
    void validityStartsADayEarly() throws Exception {
        X509Certificate issuer = issue(Duration.ofDays(365));

        assertThat(issuer.getNotBefore().toInstant()).isEqualTo(pki.now().minus(Duration.ofDays(1)));
        assertThat(issuer.getNotAfter().toInstant()).isEqualTo(pki.now().plus(Duration.ofDays(365)));
    }

    @Test
    void validityEndsWithAnchor() throws Exception {
        X509Certificate issuer = issue(Duration.ofDays(20_000));

        Instant anchorEnd = pki.anchorCertificate().getNotAfter().toInstant();
        assertThat(issuer.getNotAfter().toInstant()).isEqualTo(anchorEnd);
    }
}
