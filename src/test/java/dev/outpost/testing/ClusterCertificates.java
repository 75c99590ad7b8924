package dev.outpost.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The certificates of a test cluster, laid out as K3s lays out its own: a server CA that signs the API server's
 * serving certificate, and a separate client CA that signs the admin's client certificate. All keys are ECDSA
 * P-256, and subjects list O before CN, as K3s (Go's {@code crypto/x509}) writes them.
 *
 * @param serverCa the CA that a kubeconfig's {@code certificate-authority-data} carries
 * @param serverCertificate the API server's serving certificate, signed by {@code serverCa}
 * @param serverKey the key pair of {@code serverCertificate}
 * @param clientCa the CA that signs client certificates
 * @param clientCertificate the admin's client certificate ({@code O=system:masters, CN=system:admin})
 * @param clientKey the key pair of {@code clientCertificate}
 */
record ClusterCertificates(X509Certificate serverCa, X509Certificate serverCertificate, KeyPair serverKey,
        X509Certificate clientCa, X509Certificate clientCertificate, KeyPair clientKey) {

    /** The DNS names that K3s puts in its serving certificate by default, besides any {@code tls-san}. */
    static final List<String> SERVER_DNS_NAMES = List.of("localhost", "kubernetes", "kubernetes.default",
            "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Generates a fresh set of CAs and certificates.
     *
     * @param serverAddresses IP address literals for the serving certificate's subject alternative names, besides
     *                        {@code 127.0.0.1} and {@code ::1}
     */
    static ClusterCertificates generate(List<String> serverAddresses) {
        try {
            Instant now = Instant.now();
            KeyPair serverCaKey = ecKeyPair();
            X509Certificate serverCa = selfSignedCa("k3s-server-ca@" + now.getEpochSecond(), serverCaKey, now);
            KeyPair clientCaKey = ecKeyPair();
            X509Certificate clientCa = selfSignedCa("k3s-client-ca@" + now.getEpochSecond(), clientCaKey, now);

            KeyPair serverKey = ecKeyPair();
            List<GeneralName> names = new ArrayList<>();
            SERVER_DNS_NAMES.forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
            List<String> addresses = new ArrayList<>(List.of("127.0.0.1", "::1"));
            serverAddresses.stream().filter(a -> !addresses.contains(a)).forEach(addresses::add);
            for (String address : addresses) {
                names.add(new GeneralName(GeneralName.iPAddress, ipLiteral(address)));
            }
            X509Certificate serverCertificate = leaf("O=k3s, CN=k3s", serverKey, serverCa, serverCaKey.getPrivate(),
                    KeyPurposeId.id_kp_serverAuth, new GeneralNames(names.toArray(GeneralName[]::new)), now);

            KeyPair clientKey = ecKeyPair();
            X509Certificate clientCertificate = leaf("O=system:masters, CN=system:admin", clientKey, clientCa,
                    clientCaKey.getPrivate(), KeyPurposeId.id_kp_clientAuth, null, now);
            return new ClusterCertificates(serverCa, serverCertificate, serverKey, clientCa, clientCertificate,
                    clientKey);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Generating the test cluster's certificates failed.", e);
        }
    }

    /** Encodes a certificate as a {@code CERTIFICATE} PEM block. */
    static String pem(X509Certificate certificate) {
        return pemObject(certificate);
    }

    /** Encodes a private key as PKCS#8 ({@code PRIVATE KEY}), which vert.x and the JDK both read. */
    static String pkcs8Pem(PrivateKey key) {
        return pemObject(new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    /**
     * Encodes a P-256 private key as SEC 1 ({@code EC PRIVATE KEY}) with the curve's OID and the public key, the
     * form that Go's {@code x509.MarshalECPrivateKey} gives and K3s writes into its kubeconfig. fabric8's key
     * reader needs the curve's OID in the key, which Bouncy Castle's default PEM encoding leaves out.
     */
    static String ecPem(KeyPair key) {
        try {
            BigInteger secret = ((ECPrivateKey) key.getPrivate()).getS();
            DERBitString publicKey = new DERBitString(
                    SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()).getPublicKeyData().getOctets());
            byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, secret, publicKey,
                    SECObjectIdentifiers.secp256r1).getEncoded();
            return pemObject(new PemObject("EC PRIVATE KEY", der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pemObject(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSignedCa(String commonName, KeyPair key, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=" + commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, key.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(key.getPublic()));
        return sign(builder, key.getPrivate());
    }

    private static X509Certificate leaf(String subject, KeyPair key, X509Certificate issuer, PrivateKey issuerKey,
            KeyPurposeId purpose, GeneralNames alternativeNames, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LEAF_VALIDITY)), new X500Name(subject),
                key.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(issuer));
        if (alternativeNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
        }
        return sign(builder, issuerKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM);
    }

    /** Checks that the text is an IP address literal, so that no name lookup happens, and returns it. */
    static String ipLiteral(String address) {
        if (!address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") && !address.matches("[0-9a-fA-F:]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("The address " + address + " is not an IPv4 or IPv6 literal.");
        }
        return address;
    }

    /** Parses an IP address literal without a name lookup. */
    static InetAddress inetAddress(String address) {
        try {
            return InetAddress.getByAddress(address, InetAddress.getByName(ipLiteral(address)).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("The address " + address + " is invalid.", e);
        }
    }
}
