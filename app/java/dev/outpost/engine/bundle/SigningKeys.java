package dev.outpost.engine.bundle;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Head office's Ed25519 bundle-signing keys: generation, PEM files and fingerprints. The private key is PKCS#8 PEM,
 * encrypted (PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC) when a passphrase is given, so {@code openssl pkey} reads
 * it too; the public key is a {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) PEM.
 */
public final class SigningKeys {

    private static final String ALGORITHM = "Ed25519";
    private static final int PBKDF2_ITERATIONS = 210_000;
    /** Bouncy Castle as a provider object for PBES2 only; it is not registered with the JVM. */
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private SigningKeys() {
    }

    /** Generates a new Ed25519 key pair with the JDK's own provider. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no Ed25519; Outpost needs Java 17 or newer.", e);
        }
    }

    /**
     * Writes the private key to a new file that only its owner can read (0600 where the file system is POSIX).
     *
     * @param passphrase the passphrase to encrypt it with, or {@code null} to write it unencrypted
     * @throws FileAlreadyExistsException when the file exists: a key is never overwritten
     */
    public static void writePrivateKey(PrivateKey key, Path file, char[] passphrase) throws IOException {
        PemObject pem;
        try {
            JcaPKCS8Generator generator = passphrase == null ? new JcaPKCS8Generator(key, null)
                    : new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                            .setPRF(PKCS8Generator.PRF_HMACSHA256)
                            .setIterationCount(PBKDF2_ITERATIONS)
                            .setProvider(BOUNCY_CASTLE)
                            .setPassword(passphrase)
                            .build());
            pem = generator.generate();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("The private key could not be encrypted.", e);
        }
        writeNew(file, pemText(pem), true);
    }

    /** Writes the public key to a new file. */
    public static void writePublicKey(PublicKey key, Path file) throws IOException {
        writeNew(file, pemText(new PemObject("PUBLIC KEY", key.getEncoded())), false);
    }

    /**
     * Reads a private signing key.
     *
     * @param passphrase the passphrase for an encrypted key, or {@code null} when none was given
     * @throws BundleException (unreadable) when the file is missing, not an Ed25519 PKCS#8 key, encrypted and no
     *                         passphrase was given, or the passphrase is wrong
     */
    public static PrivateKey readPrivateKey(Path file, char[] passphrase) throws BundleException {
        Object pem = readPem(file);
        PrivateKeyInfo info;
        if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
            info = decrypt(file, encrypted, passphrase);
        } else if (pem instanceof PrivateKeyInfo plain) {
            info = plain;
        } else {
            throw notAKey(file, "private");
        }
        if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            throw notAKey(file, "private");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw BundleException.unreadable(file.toString(), "The signing key " + file + " could not be read as an"
                    + " Ed25519 private key. Choose the private key that 'outpost keys generate' wrote.", e);
        }
    }

    /** Reads a public key that {@link #writePublicKey} wrote. */
    public static PublicKey readPublicKey(Path file) throws BundleException {
        if (!(readPem(file) instanceof SubjectPublicKeyInfo info)
                || !EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())) {
            throw notAKey(file, "public");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw BundleException.unreadable(file.toString(), "The trusted key " + file + " could not be read as an"
                    + " Ed25519 public key.", e);
        }
    }

    /** Derives the public key of an Ed25519 private key, to name the signer in the manifest. */
    public static PublicKey publicKeyOf(PrivateKey key) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
            byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            byte[] raw = new Ed25519PrivateKeyParameters(seed).generatePublicKey().getEncoded();
            byte[] spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw)
                    .getEncoded();
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("The public half of the Ed25519 key could not be derived.", e);
        }
    }

    /**
     * Returns the key's fingerprint: {@code SHA256:} and the unpadded Base64 of the SHA-256 of its DER-encoded
     * SubjectPublicKeyInfo, the same digest as {@code openssl pkey -pubin -outform DER | openssl dgst -sha256}.
     */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-256.", e);
        }
    }

    private static PrivateKeyInfo decrypt(Path file, PKCS8EncryptedPrivateKeyInfo encrypted, char[] passphrase)
            throws BundleException {
        if (passphrase == null) {
            throw BundleException.unreadable(file.toString(), "The signing key " + file + " is protected by a"
                    + " passphrase. Pass --passphrase-stdin and pipe the passphrase in.", null);
        }
        try {
            return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BOUNCY_CASTLE).build(passphrase));
        } catch (PKCSException | OperatorCreationException | RuntimeException e) {
            throw BundleException.unreadable(file.toString(), "The passphrase for the signing key " + file
                    + " is wrong. Check it and try again.", e);
        }
    }

    private static Object readPem(Path file) throws BundleException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            return parser.readObject();
        } catch (java.nio.file.NoSuchFileException e) {
            throw BundleException.unreadable(file.toString(), "The key file " + file + " does not exist.", e);
        } catch (IOException | RuntimeException e) {
            throw BundleException.unreadable(file.toString(), "The key file " + file + " could not be read: "
                    + e.getMessage() + ".", e);
        }
    }

    private static BundleException notAKey(Path file, String kind) {
        return BundleException.unreadable(file.toString(), "The file " + file + " is not an Ed25519 " + kind
                + " key in PEM form. Use the files that 'outpost keys generate' wrote.", null);
    }

    private static String pemText(PemObject pem) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pem);
        }
        return text.toString();
    }

    private static void writeNew(Path file, String text, boolean ownerOnly) throws IOException {
        boolean posix = Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
