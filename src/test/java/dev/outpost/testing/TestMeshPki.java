package dev.outpost.testing;

import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.enrollment.CentralLink;
import dev.outpost.engine.enrollment.EncryptedIssuerKey;
import dev.outpost.engine.enrollment.EnrollmentFile;
import dev.outpost.engine.enrollment.IssuerCertificates;
import dev.outpost.engine.enrollment.IssuerKeys;
import dev.outpost.engine.enrollment.RancherRegistration;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.enrollment.SiteNetwork;
import dev.outpost.engine.enrollment.TrustAnchor;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test mesh's public-key infrastructure: a Linkerd trust anchor (a self-signed ECDSA P-256 CA, as
 * {@code step certificate create root.linkerd.cluster.local --profile root-ca} makes), head office's Ed25519
 * enrollment-signing key pair, and site enrollments issued from them with sensible defaults that a test can vary
 * one at a time: an issuer that does not chain to the anchor, a plain leaf issuer, a name-constrained issuer, an
 * issuer expiring soon, an expired file, another site.
 *
 * <p>Each instance generates fresh keys. The secrets it puts in enrollments are fixed strings
 * ({@link #SERVICE_MIRROR_TOKEN}, {@link #PASSPHRASE}, {@link #REGISTRATION_TOKEN}) so that a test can search logs and
 * messages for them.
 */
public final class TestMeshPki {

    /** The site passphrase that opens every issuer key this fixture encrypts, unless a test sets another. */
    public static final String PASSPHRASE = "test site passphrase 4711";
    /** The service mirror token in every link this fixture makes. */
    public static final String SERVICE_MIRROR_TOKEN = "eyJ0ZXN0LXNlcnZpY2UtbWlycm9yLXRva2VuIjoiNDcxMSJ9.test-token";
    /** The Rancher registration token in the manifests this fixture writes. */
    public static final String REGISTRATION_TOKEN = "test-registration-token-x9y8z7w6v5u4";
    /** The mesh's trust domain, Linkerd's default. */
    public static final String TRUST_DOMAIN = "cluster.local";
    /** The gateway identity the central gateway Service announces. */
    public static final String GATEWAY_IDENTITY =
            "linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local";
    /** A Rancher server address; nothing listens there, and nothing in the tests connects to it. */
    public static final String RANCHER_URL = "https://rancher.central.test";
    /** The CA checksum in the Rancher manifests, 64 hex digits. */
    public static final String RANCHER_CA_CHECKSUM =
            "8f2c4b1a9d7e6f5a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a";

    private static final Duration ANCHOR_VALIDITY = Duration.ofDays(3650);

    private final SecureRandom random = new SecureRandom();
    private final Instant now;
    private final KeyPair anchorKeys;
    private final X509Certificate anchor;
    private final KeyPair headOffice;

    private TestMeshPki(Instant now) {
        try {
            this.now = now;
            this.anchorKeys = IssuerCertificates.p256(random);
            this.anchor = selfSignedAnchor("root.linkerd." + TRUST_DOMAIN, anchorKeys, now);
            this.headOffice = SigningKeys.generate();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The test mesh's keys could not be generated.", e);
        }
    }

    /** Generates a new trust anchor and head-office key pair, with the current time as "now". */
    public static TestMeshPki create() {
        return new TestMeshPki(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The time the fixture treats as now; enrollments are issued at it. */
    public Instant now() {
        return now;
    }

    public X509Certificate anchorCertificate() {
        return anchor;
    }

    /** The trust anchor certificate as a {@code CERTIFICATE} PEM block. */
    public String anchorPem() {
        return IssuerCertificates.toPem(anchor);
    }

    /** The trust anchor with its key, as head office holds it. */
    public TrustAnchor trustAnchor() {
        return new TrustAnchor(List.of(anchor), anchor, anchorKeys.getPrivate());
    }

    /** Head office's Ed25519 key pair that signs enrollment files. */
    public KeyPair headOfficeKeys() {
        return headOffice;
    }

    /** The public keys a site trusts: head office's. */
    public List<PublicKey> trustedKeys() {
        return List.of(headOffice.getPublic());
    }

    /** Returns a new copy of {@link #PASSPHRASE}, for code that wipes what it is given. */
    public static char[] passphrase() {
        return PASSPHRASE.toCharArray();
    }

    /**
     * Files of the trust anchor as head office keeps them.
     *
     * @param certificate {@code ca.crt}, PEM
     * @param key         {@code ca.key}, an unencrypted PKCS#8 PEM
     */
    public record AnchorFiles(Path certificate, Path key) {
    }

    /** Writes {@code ca.crt} and {@code ca.key} into the folder. */
    public AnchorFiles writeAnchor(Path dir) throws IOException {
        Path certificate = Files.writeString(dir.resolve("ca.crt"), anchorPem(), StandardCharsets.US_ASCII);
        Path key = Files.writeString(dir.resolve("ca.key"), IssuerKeys.toPem(anchorKeys.getPrivate()),
                StandardCharsets.US_ASCII);
        return new AnchorFiles(certificate, key);
    }

    /**
     * Head office's signing key files.
     *
     * @param privateKey the unencrypted private key
     * @param publicKey  the public key, {@code .pub}
     */
    public record SigningKeyFiles(Path privateKey, Path publicKey) {
    }

    /** Writes {@code head-office} and {@code head-office.pub} into the folder, as {@code outpost keys generate}. */
    public SigningKeyFiles writeHeadOfficeKeys(Path dir) throws IOException {
        Path privateKey = dir.resolve("head-office");
        Path publicKey = dir.resolve("head-office.pub");
        SigningKeys.writePrivateKey(headOffice.getPrivate(), privateKey, null);
        SigningKeys.writePublicKey(headOffice.getPublic(), publicKey);
        return new SigningKeyFiles(privateKey, publicKey);
    }

    /**
     * Writes Rancher's registration manifest (the real rendered fixture from Rancher's tests) with
     * {@link #RANCHER_URL}, {@link #RANCHER_CA_CHECKSUM} and {@link #REGISTRATION_TOKEN} filled in.
     */
    public static Path writeRancherManifest(Path file) throws IOException {
        return Files.writeString(file, rancherManifestYaml(), StandardCharsets.UTF_8);
    }

    /** Rancher's registration manifest as {@link #writeRancherManifest} writes it. */
    public static String rancherManifestYaml() {
        String yaml = resource("mesh/rancher-test-provisioned-import.yaml");
        String base64 = Base64.getEncoder().encodeToString(REGISTRATION_TOKEN.getBytes(StandardCharsets.UTF_8));
        return yaml.replaceFirst("token: \"\"", "token: \"" + base64 + "\"")
                .replaceFirst("(name: CATTLE_SERVER\\s+value: )\"\"", "$1\"" + RANCHER_URL + "\"")
                .replaceFirst("(name: CATTLE_CA_CHECKSUM\\s+value: )\"\"", "$1\"" + RANCHER_CA_CHECKSUM + "\"");
    }

    /** The link a central cluster at the given API address gives, with the defaults of Linkerd's chart. */
    public static CentralLink centralLink(String apiServerUrl, String apiServerCaPem) {
        return new CentralLink(apiServerUrl, apiServerCaPem, SERVICE_MIRROR_TOKEN, "203.0.113.10", 4143, 4191,
                "/ready", 3, GATEWAY_IDENTITY, TRUST_DOMAIN, TRUST_DOMAIN);
    }

    /** Starts an enrollment for the site with the defaults; change what the test is about, then build it. */
    public Enrollment enrollment(String siteId) {
        return new Enrollment(siteId);
    }

    /** The kinds of issuer certificate a test can ask for. */
    public enum IssuerKind {
        /** An intermediate CA signed by the anchor, as head office issues it. */
        VALID,
        /** An intermediate CA signed by another anchor. */
        NOT_CHAINED,
        /** A plain leaf certificate signed by the anchor. */
        LEAF,
        /** An intermediate CA with name constraints, signed by the anchor. */
        NAME_CONSTRAINED
    }

    /** A site enrollment being built; every setter returns this builder. */
    public final class Enrollment {

        private String siteId;
        private String displayName;
        private Map<String, String> labels = new LinkedHashMap<>(Map.of("region", "north", "store", "42"));
        private SiteNetwork network = new SiteNetwork("10.50.0.0/16", "10.51.0.0/16", "10.42.0.0/16",
                "10.43.0.0/16");
        private CentralLink link = centralLink("https://central.test:6443", "");
        private RancherRegistration rancher = new RancherRegistration(RANCHER_URL, RANCHER_CA_CHECKSUM,
                rancherManifestYaml());
        private IssuerKind issuerKind = IssuerKind.VALID;
        private Instant issuerNotBefore = now.minus(Duration.ofDays(1));
        private Instant issuerNotAfter = now.plus(Duration.ofDays(365));
        private Instant issuedAt = now;
        private Instant expiresAt = now.plus(Duration.ofDays(90));
        private char[] passphrase = TestMeshPki.passphrase();
        private KeyPair issuerKeys;

        private Enrollment(String siteId) {
            this.siteId = siteId;
            this.displayName = "Store " + siteId;
        }

        public Enrollment siteId(String value) {
            siteId = value;
            return this;
        }

        public Enrollment displayName(String value) {
            displayName = value;
            return this;
        }

        public Enrollment labels(Map<String, String> value) {
            labels = new LinkedHashMap<>(value);
            return this;
        }

        public Enrollment network(SiteNetwork value) {
            network = value;
            return this;
        }

        public Enrollment link(CentralLink value) {
            link = value;
            return this;
        }

        /** Sets the Rancher registration, or {@code null} for none. */
        public Enrollment rancher(RancherRegistration value) {
            rancher = value;
            return this;
        }

        public Enrollment issuer(IssuerKind kind) {
            issuerKind = kind;
            return this;
        }

        /** An issuer that does not chain to the anchor: signed by another, unrelated anchor. */
        public Enrollment issuerNotChained() {
            return issuer(IssuerKind.NOT_CHAINED);
        }

        /** An issuer that is a plain leaf, not a CA. */
        public Enrollment issuerLeaf() {
            return issuer(IssuerKind.LEAF);
        }

        /** An issuer with name constraints. */
        public Enrollment issuerNameConstrained() {
            return issuer(IssuerKind.NAME_CONSTRAINED);
        }

        /** An issuer that expires the given number of days after {@link #now()}. */
        public Enrollment issuerExpiringInDays(int days) {
            issuerNotAfter = now.plus(Duration.ofDays(days));
            return this;
        }

        /** Sets the issuer's validity. */
        public Enrollment issuerValidity(Instant notBefore, Instant notAfter) {
            issuerNotBefore = notBefore;
            issuerNotAfter = notAfter;
            return this;
        }

        /** A file that expired a day before {@link #now()}, issued 91 days before. */
        public Enrollment expired() {
            issuedAt = now.minus(Duration.ofDays(91));
            expiresAt = now.minus(Duration.ofDays(1));
            return this;
        }

        public Enrollment expiresAt(Instant value) {
            expiresAt = value;
            return this;
        }

        /** Encrypts the issuer key with this passphrase instead of {@link #PASSPHRASE}. */
        public Enrollment passphrase(String value) {
            passphrase = value.toCharArray();
            return this;
        }

        /** Builds the enrollment; the issuer key pair is fresh on every call. */
        public SiteEnrollment build() {
            try {
                issuerKeys = IssuerCertificates.p256(random);
                X509Certificate issuer = issuerCertificate(issuerKeys);
                EncryptedIssuerKey key = IssuerKeys.encrypt(issuerKeys.getPrivate(), passphrase, random);
                return new SiteEnrollment(SiteEnrollment.SCHEMA_VERSION, siteId, displayName, labels, "central", link,
                        anchorPem(), IssuerCertificates.toPem(issuer), key, network, rancher, issuedAt, expiresAt);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The test issuer could not be made.", e);
            }
        }

        /** Builds the enrollment and writes it signed by head office's key. */
        public Path writeSigned(Path file) throws IOException {
            EnrollmentFile.write(build(), headOffice.getPrivate(), file);
            return file;
        }

        /** The issuer's private key of the last {@link #build()}, to compare with what a site opened. */
        public PrivateKey issuerKey() {
            if (issuerKeys == null) {
                throw new IllegalStateException("Call build() first.");
            }
            return issuerKeys.getPrivate();
        }

        private X509Certificate issuerCertificate(KeyPair keys) throws GeneralSecurityException {
            X509Certificate signer = anchor;
            PrivateKey signerKey = anchorKeys.getPrivate();
            if (issuerKind == IssuerKind.NOT_CHAINED) {
                KeyPair otherKeys = IssuerCertificates.p256(random);
                signer = selfSignedAnchor("root.linkerd." + TRUST_DOMAIN, otherKeys, now);
                signerKey = otherKeys.getPrivate();
            }
            boolean ca = issuerKind != IssuerKind.LEAF;
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(signer, serial(),
                        Date.from(issuerNotBefore), Date.from(issuerNotAfter),
                        new X500Name("CN=identity.linkerd." + TRUST_DOMAIN), keys.getPublic());
                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(0)
                        : new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                        ? KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature
                        : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(keys.getPublic()));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(signer));
                if (issuerKind == IssuerKind.NAME_CONSTRAINED) {
                    builder.addExtension(Extension.nameConstraints, true, new NameConstraints(
                            new GeneralSubtree[] {new GeneralSubtree(new GeneralName(GeneralName.dNSName,
                                    TRUST_DOMAIN))}, null));
                }
                return sign(builder, signerKey);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private X509Certificate selfSignedAnchor(String commonName, KeyPair keys, Instant start)
            throws GeneralSecurityException {
        try {
            X500Name name = new X500Name("CN=" + commonName);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(start.minus(Duration.ofDays(30))), Date.from(start.plus(ANCHOR_VALIDITY)), name,
                    keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(64, random).add(BigInteger.ONE);
    }

    static String resource(String name) {
        try (InputStream in = TestMeshPki.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The test resource " + name + " is missing.");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
