package dev.outpost.engine.enrollment;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The mesh's Linkerd trust anchor as head office keeps it: the anchor certificate, or a bundle of anchors during a
 * rotation, and the private key of the one that signs site issuers. It exists only at head office. The key is
 * never written anywhere by Outpost, and {@link #toString()} leaves it out.
 *
 * @param bundle the anchor certificates as the file lists them; all of them go to the site
 * @param signer the certificate in the bundle whose key is {@code key}
 * @param key    the signer's private key
 */
public record TrustAnchor(List<X509Certificate> bundle, X509Certificate signer, PrivateKey key) {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    public TrustAnchor {
        bundle = List.copyOf(bundle);
    }

    /** Returns the bundle as consecutive {@code CERTIFICATE} PEM blocks. */
    public String bundlePem() {
        return Pem.encode(bundle);
    }

    /**
     * Reads the anchor certificates and the signer's key. The key may be PKCS#8 ({@code PRIVATE KEY}), SEC 1
     * ({@code EC PRIVATE KEY}, as {@code openssl ecparam} and {@code step} write it), or either form encrypted.
     *
     * @param passphrase the key's passphrase, or {@code null} when none was given
     * @throws EnrollmentException (invalid request) when a file is missing or wrong, the key is encrypted and no or
     *                             a wrong passphrase was given, or the key belongs to no certificate in the file
     */
    public static TrustAnchor read(Path certificateFile, Path keyFile, char[] passphrase) throws EnrollmentException {
        List<X509Certificate> bundle;
        try {
            bundle = Pem.certificates(readSmall(certificateFile, "trust anchor certificate"));
        } catch (CertificateException e) {
            throw invalid("The file " + certificateFile + " is not a PEM certificate. Pass the Linkerd trust anchor"
                    + " certificate (ca.crt) with --trust-anchor-cert.", e);
        }
        PrivateKey key = readKey(keyFile, passphrase);
        for (X509Certificate certificate : bundle) {
            if (IssuerKeys.matches(key, certificate.getPublicKey())) {
                return new TrustAnchor(bundle, certificate, key);
            }
        }
        throw invalid("The key " + keyFile + " belongs to no certificate in " + certificateFile + ". Pass the trust"
                + " anchor's own key (ca.key) with --trust-anchor-key.", null);
    }

    @Override
    public String toString() {
        return "TrustAnchor[signer=" + signer.getSubjectX500Principal() + ", certificates=" + bundle.size() + "]";
    }

    private static PrivateKey readKey(Path file, char[] passphrase) throws EnrollmentException {
        Object pem;
        try (PEMParser parser = new PEMParser(new StringReader(readSmall(file, "trust anchor key")))) {
            pem = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw notAKey(file, e);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                requirePassphrase(file, passphrase);
                return converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BOUNCY_CASTLE).build(passphrase)));
            }
            if (pem instanceof PEMEncryptedKeyPair encrypted) {
                requirePassphrase(file, passphrase);
                return converter.getPrivateKey(encrypted.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(BOUNCY_CASTLE).build(passphrase))
                        .getPrivateKeyInfo());
            }
        } catch (EnrollmentException e) {
            throw e;
        } catch (Exception e) {
            if (pem instanceof PKCS8EncryptedPrivateKeyInfo || pem instanceof PEMEncryptedKeyPair) {
                throw invalid("The passphrase for the trust anchor key " + file + " is wrong. Check it and try"
                        + " again.", null);
            }
            throw notAKey(file, e);
        }
        throw notAKey(file, null);
    }

    private static void requirePassphrase(Path file, char[] passphrase) throws EnrollmentException {
        if (passphrase == null) {
            throw invalid("The trust anchor key " + file + " is protected by a passphrase. Pass"
                    + " --trust-anchor-passphrase-stdin and pipe the passphrase in.", null);
        }
    }

    private static String readSmall(Path file, String description) throws EnrollmentException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw invalid("The file " + file + " is too large to be a " + description + ". Choose the right file.",
                        null);
            }
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw invalid("The " + description + " file " + file + " does not exist. Check the path.", e);
        } catch (IOException e) {
            throw invalid("The " + description + " file " + file + " could not be read: " + e.getMessage() + ".", e);
        }
    }

    private static EnrollmentException notAKey(Path file, Exception cause) {
        return invalid("The file " + file + " is not a private key in PEM form. Pass the trust anchor's key (ca.key)"
                + " with --trust-anchor-key.", cause);
    }

    private static EnrollmentException invalid(String message, Throwable cause) {
        return new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, message, cause);
    }
}
