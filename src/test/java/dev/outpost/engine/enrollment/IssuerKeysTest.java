package dev.outpost.engine.enrollment;

import dev.outpost.testing.TestMeshPki;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.security.PrivateKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IssuerKeysTest {

    private final TestMeshPki pki = TestMeshPki.create();

    @Test
    void passphraseOpensKey() throws Exception {
        TestMeshPki.Enrollment builder = pki.enrollment("store-0042");
        SiteEnrollment enrollment = builder.build();

        PrivateKey opened = IssuerKeys.openFor(enrollment, TestMeshPki.passphrase());

        assertThat(opened.getEncoded()).isEqualTo(builder.issuerKey().getEncoded());
    }

    @Test
    void encryptedFormIsPbes2Pkcs8() {
        SiteEnrollment enrollment = pki.enrollment("store-0042").build();

        assertThat(enrollment.issuerKey().pem()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(enrollment.issuerKey().toString()).doesNotContain("BEGIN");
    }

    @Test
    void wrongPassphraseIsReported() {
        SiteEnrollment enrollment = pki.enrollment("store-0042").build();

        assertThatThrownBy(() -> IssuerKeys.open(enrollment.issuerKey(), "not the passphrase".toCharArray()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessage("The passphrase does not open the site's issuer key. Type the passphrase head office"
                        + " gave for this site again, or ask head office for it.")
                .extracting(e -> ((EnrollmentException) e).kind())
                .isEqualTo(EnrollmentException.Kind.WRONG_PASSPHRASE);
    }

    @Test
    void keyOfOtherIssuerIsRejected() {
        SiteEnrollment one = pki.enrollment("store-0042").build();
        SiteEnrollment other = pki.enrollment("store-0042").build();
        SiteEnrollment mixed = new SiteEnrollment(one.schemaVersion(), one.siteId(), one.displayName(), one.labels(),
                one.centralClusterName(), one.link(), one.trustAnchorPem(), one.issuerCertificatePem(),
                other.issuerKey(), one.network(), one.rancher(), one.issuedAt(), one.expiresAt());

        assertThatThrownBy(() -> IssuerKeys.openFor(mixed, TestMeshPki.passphrase()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("does not belong to its issuer certificate");
    }

    @Test
    void pemIsUnencryptedPkcs8() throws Exception {
        TestMeshPki.Enrollment builder = pki.enrollment("store-0042");
        builder.build();

        String pem = IssuerKeys.toPem(builder.issuerKey());

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            assertThat(parser.readObject()).isInstanceOf(PrivateKeyInfo.class);
        }
    }
}
