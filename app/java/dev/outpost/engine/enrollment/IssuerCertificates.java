package dev.outpost.engine.enrollment;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Issues a site's Linkerd issuer at head office: an ECDSA P-256 key and an intermediate CA certificate signed by
 * the trust anchor with SHA256withECDSA. The certificate has the subject {@code CN=identity.linkerd.<trustDomain>},
 * basic constraints CA with path length 0, key usage keyCertSign, cRLSign and digitalSignature, subject and
 * authority key identifiers, and no name constraints, which Linkerd's proxies cannot handle.
 */
public final class IssuerCertificates {

    /**
     * How long an issuer lasts by default. Linkerd never rotates an issuer itself, and a gateway may sit powered off
     * for months before or after it joins, so a year leaves room. A new enrollment replaces it.
     */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
    /**
     * How far before the issuing time the certificate starts. Gateways without a time source often run hours
     * behind until they synchronise, and Linkerd's proxies reject a certificate that is not valid yet.
     */
    public static final Duration BACKDATE = Duration.ofDays(1);

    private IssuerCertificates() {
    }

    /**
     * A site's issuer certificate and its key pair. The private key is a secret; {@link #toString()} leaves it out.
     *
     * @param certificate the intermediate CA certificate
     * @param keyPair     its ECDSA P-256 key pair
     */
    public record SiteIssuer(X509Certificate certificate, KeyPair keyPair) {

        @Override
        public String toString() {
            return "SiteIssuer[" + certificate.getSubjectX500Principal() + ", until " + certificate.getNotAfter()
                    + "]";
        }
    }

    /**
     * Issues a new issuer. The validity runs from {@link #BACKDATE} before {@code now} for {@code validity}, but never
     * outside the anchor's own validity.
     *
     * @throws EnrollmentException (invalid request) when the anchor's key is not an EC key or the anchor is not
     *                             valid at {@code now}
     */
    public static SiteIssuer issue(TrustAnchor anchor, String trustDomain, Instant now, Duration validity,
            SecureRandom random) throws EnrollmentException {
        if (!(anchor.key() instanceof ECPrivateKey)) {
            throw new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, "The trust anchor's key is a "
                    + anchor.key().getAlgorithm() + " key, but Linkerd needs ECDSA P-256. Pass the mesh's Linkerd"
                    + " trust anchor.");
        }
        Instant anchorStart = anchor.signer().getNotBefore().toInstant();
        Instant anchorEnd = anchor.signer().getNotAfter().toInstant();
        if (now.isBefore(anchorStart) || now.isAfter(anchorEnd)) {
            throw new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, "The trust anchor is valid only"
                    + " from " + anchorStart + " to " + anchorEnd + ", so it cannot sign an issuer now. Check this"
                    + " computer's clock, or rotate the trust anchor first.");
        }
        Instant notBefore = latest(now.minus(BACKDATE), anchorStart);
        Instant notAfter = earliest(now.plus(validity), anchorEnd);
        try {
            KeyPair keyPair = p256(random);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, "identity.linkerd." + trustDomain).build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(anchor.signer(),
                    new BigInteger(127, random).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    subject, keyPair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(anchor.signer()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random).build(anchor.key())));
            return new SiteIssuer(certificate, keyPair);
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("The site's issuer certificate could not be made.", e);
        }
    }

    /** Generates an ECDSA P-256 key pair, the only curve Linkerd accepts for anchors and issuers. */
    public static KeyPair p256(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /** Encodes the certificate as a {@code CERTIFICATE} PEM block. */
    public static String toPem(X509Certificate certificate) {
        return Pem.encode(List.of(certificate));
    }

    /** Parses every certificate in a PEM text, such as an enrollment's trust anchor bundle. */
    public static List<X509Certificate> parse(String pem) throws CertificateException {
        return Pem.certificates(pem);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
