package dev.outpost.engine.enrollment;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * The site's Linkerd issuer private key: encrypted for the enrollment file at head office, opened with the
 * technician's passphrase at the site, and encoded for the {@code kubernetes.io/tls} Secret that Linkerd's identity
 * controller reads.
 *
 * <p>The encrypted form is an {@code ENCRYPTED PRIVATE KEY} PEM: PKCS#8 with PBES2, PBKDF2 with HMAC-SHA256 and
 * {@value #PBKDF2_ITERATIONS} iterations, and AES-256-CBC, so {@code openssl pkey} opens it as well. Encrypting takes
 * about as long as opening, a sizeable part of a second, on purpose.
 */
public final class IssuerKeys {

    /** The PBKDF2 iteration count, the same as for head office's signing keys. */
    public static final int PBKDF2_ITERATIONS = 210_000;
    /** Bouncy Castle as a provider object for PBES2 only; it is not registered with the JVM. */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final String ASK_AGAIN = " Type the passphrase head office gave for this site again, or ask head"
            + " office for it.";

    private IssuerKeys() {
    }

    /**
     * Encrypts the issuer's private key with the site passphrase.
     *
     * @param passphrase the passphrase the technician will type; the caller wipes it
     */
    public static EncryptedIssuerKey encrypt(PrivateKey key, char[] passphrase, SecureRandom random) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setProvider(BOUNCY_CASTLE)
                    .setRandom(random)
                    .setPassword(passphrase)
                    .build();
            return new EncryptedIssuerKey(Pem.encode(new JcaPKCS8Generator(key, encryptor).generate()));
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("The issuer key could not be encrypted.", e);
        }
    }

    /**
     * Opens the encrypted issuer key with the passphrase the technician typed.
     *
     * @throws EnrollmentException (wrong passphrase) when the passphrase does not open it; (rejected) when the
     *                             text is not an encrypted EC private key
     */
    public static PrivateKey open(EncryptedIssuerKey key, char[] passphrase) throws EnrollmentException {
        if (passphrase == null || passphrase.length == 0) {
            throw new EnrollmentException(EnrollmentException.Kind.WRONG_PASSPHRASE, "No passphrase was given for"
                    + " the site's issuer key." + ASK_AGAIN);
        }
        PKCS8EncryptedPrivateKeyInfo encrypted = parse(key);
        byte[] pkcs8;
        try {
            pkcs8 = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BOUNCY_CASTLE).build(passphrase)).getEncoded();
        } catch (Exception e) {
            // A wrong passphrase shows as bad padding, or rarely as garbage that does not parse; both mean the same.
            throw new EnrollmentException(EnrollmentException.Kind.WRONG_PASSPHRASE, "The passphrase does not open"
                    + " the site's issuer key." + ASK_AGAIN);
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new EnrollmentException(EnrollmentException.Kind.WRONG_PASSPHRASE, "The passphrase does not open"
                    + " the site's issuer key." + ASK_AGAIN);
        }
    }

    /**
     * Opens the enrollment's issuer key and checks that it belongs to the enrollment's issuer certificate.
     *
     * @throws EnrollmentException (wrong passphrase) as {@link #open}; (rejected) when the key and the certificate
     *                             do not belong together
     */
    public static PrivateKey openFor(SiteEnrollment enrollment, char[] passphrase) throws EnrollmentException {
        PrivateKey key = open(enrollment.issuerKey(), passphrase);
        PublicKey certified;
        try {
            certified = Pem.certificate(enrollment.issuerCertificatePem()).getPublicKey();
        } catch (CertificateException e) {
            throw new EnrollmentException(EnrollmentException.Kind.REJECTED, "The site's issuer certificate in the"
                    + " enrollment file cannot be read. Ask head office for a new enrollment file.", e);
        }
        if (!matches(key, certified)) {
            throw new EnrollmentException(EnrollmentException.Kind.REJECTED, "The site's issuer key in the"
                    + " enrollment file does not belong to its issuer certificate. Ask head office for a new"
                    + " enrollment file.");
        }
        return key;
    }

    /**
     * Encodes the key as an unencrypted PKCS#8 {@code PRIVATE KEY} PEM, the {@code tls.key} of the
     * {@code kubernetes.io/tls} Secret. The result is a secret: hand it to the API, never to a log or a file.
     */
    public static String toPem(PrivateKey key) {
        return Pem.encode(new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    /** Whether the private key signs what the public key verifies, which proves they are one pair. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        try {
            byte[] probe = "outpost issuer key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PKCS8EncryptedPrivateKeyInfo parse(EncryptedIssuerKey key) throws EnrollmentException {
        Object pem = null;
        if (key != null && key.pem() != null) {
            try (PEMParser parser = new PEMParser(new StringReader(key.pem()))) {
                pem = parser.readObject();
            } catch (IOException | RuntimeException e) {
                pem = null;
            }
        }
        if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            return encrypted;
        }
        throw new EnrollmentException(EnrollmentException.Kind.REJECTED, "The site's issuer key in the enrollment"
                + " file is not an encrypted private key. Ask head office for a new enrollment file.");
    }
}
