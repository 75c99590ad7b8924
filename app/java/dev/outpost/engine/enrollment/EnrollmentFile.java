package dev.outpost.engine.enrollment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.outpost.engine.bundle.ManifestSignature;
import dev.outpost.engine.bundle.SigningKeys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The signed site enrollment file, as docs/enrollment-format.md describes it: a small JSON envelope with the
 * format's name and version, the enrollment's JSON as Base64 of its exact bytes, and head office's Ed25519 signature
 * over those bytes. Signing exact bytes rather than re-serialised JSON means that reading never depends on how a
 * JSON library orders or spaces fields.
 */
public final class EnrollmentFile {

    /** The envelope's {@code format} value. */
    public static final String FORMAT = "outpost.site-enrollment";
    /** The conventional file name ending. */
    public static final String SUFFIX = ".enrollment";
    /** No enrollment is near this size; a larger file is rejected before it is parsed. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private EnrollmentFile() {
    }

    /**
     * A verified enrollment with the fingerprint of the key that signed it.
     *
     * @param enrollment the enrollment
     * @param signer     the signing key's {@code SHA256:} fingerprint, as {@link SigningKeys#fingerprint} gives it
     */
    public record Signed(SiteEnrollment enrollment, String signer) {
    }

    /**
     * Signs the enrollment and writes it to a new file that only its owner can read (0600 where the file system is
     * POSIX), because the file carries the service mirror's token and the Rancher registration token.
     *
     * @throws FileAlreadyExistsException when the file exists: an enrollment is never overwritten
     */
    public static void write(SiteEnrollment enrollment, PrivateKey signKey, Path out) throws IOException {
        byte[] bytes = toBytes(enrollment, signKey);
        Path parent = out.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(parent).supportsFileAttributeView("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(out, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), attributes)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    /** Returns the signed file's bytes: the envelope as UTF-8 JSON. */
    public static byte[] toBytes(SiteEnrollment enrollment, PrivateKey signKey) {
        try {
            byte[] payload = JSON.writeValueAsBytes(enrollment);
            ObjectNode envelope = JSON.createObjectNode();
            envelope.put("format", FORMAT);
            envelope.put("schemaVersion", enrollment.schemaVersion());
            envelope.put("signer", SigningKeys.fingerprint(SigningKeys.publicKeyOf(signKey)));
            envelope.put("enrollment", Base64.getEncoder().encodeToString(payload));
            envelope.put("signature", Base64.getEncoder().encodeToString(ManifestSignature.sign(payload, signKey)));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The enrollment could not be written as JSON.", e);
        }
    }

    /**
     * Reads a file and checks its format version and signature. It does not review the content; pass the result to
     * {@link EnrollmentReview}.
     *
     * @param trusted head office's public keys, such as {@code TrustedKeys.publicKeys()}
     * @throws EnrollmentException (unreadable) when the file is missing or not an enrollment file; (unsupported
     *                             version) when a newer Outpost wrote it; (rejected) when no trusted key signed it,
     *                             it changed after signing, or it is incomplete
     */
    public static SiteEnrollment read(Path file, List<PublicKey> trusted) throws EnrollmentException {
        return readSigned(file, trusted).enrollment();
    }

    /** Reads a file as {@link #read} does and also returns which key signed it. */
    public static Signed readSigned(Path file, List<PublicKey> trusted) throws EnrollmentException {
        return parse(readBytes(file), file.toString(), trusted);
    }

    /** Checks and parses a file's bytes; {@code name} names the file in messages. */
    public static Signed parse(byte[] bytes, String name, List<PublicKey> trusted) throws EnrollmentException {
        JsonNode envelope = envelope(bytes, name);
        int version = envelope.path("schemaVersion").asInt(0);
        if (version > SiteEnrollment.SCHEMA_VERSION) {
            throw new EnrollmentException(EnrollmentException.Kind.UNSUPPORTED_VERSION, "The enrollment file " + name
                    + " uses format version " + version + ", which is newer than this Outpost reads (version "
                    + SiteEnrollment.SCHEMA_VERSION + "); install the newer Outpost that head office provides.");
        }
        if (version < 1) {
            throw unreadable(name, null);
        }
        byte[] payload = base64(envelope, "enrollment", name);
        byte[] signature = base64(envelope, "signature", name);
        if (trusted.isEmpty()) {
            throw new EnrollmentException(EnrollmentException.Kind.REJECTED, "No head-office key is trusted on this"
                    + " laptop, so the enrollment file " + name + " cannot be checked; add head office's public key"
                    + " first.");
        }
        Optional<PublicKey> signer = ManifestSignature.signer(payload, signature, trusted);
        if (signer.isEmpty()) {
            throw new EnrollmentException(EnrollmentException.Kind.REJECTED, "The enrollment file " + name + " was"
                    + " not signed by a head-office key this laptop trusts, or it was changed after signing; ask"
                    + " head office for a new enrollment file.");
        }
        SiteEnrollment enrollment = enrollment(payload, name, version);
        return new Signed(enrollment, SigningKeys.fingerprint(signer.get()));
    }

    private static byte[] readBytes(Path file) throws EnrollmentException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw unreadable(file.toString(), null);
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new EnrollmentException(EnrollmentException.Kind.UNREADABLE, "The enrollment file " + file
                    + " does not exist; choose the file head office sent for this site.", e);
        } catch (IOException e) {
            throw new EnrollmentException(EnrollmentException.Kind.UNREADABLE, "The enrollment file " + file
                    + " could not be read (" + e.getMessage() + "); copy it to the laptop again.", e);
        }
    }

    private static JsonNode envelope(byte[] bytes, String name) throws EnrollmentException {
        try {
            JsonNode envelope = JSON.readTree(bytes);
            if (envelope == null || !envelope.isObject() || !FORMAT.equals(envelope.path("format").asText())) {
                throw unreadable(name, null);
            }
            return envelope;
        } catch (IOException e) {
            // The parser's message may quote the file's text, so it is not kept as the cause.
            throw unreadable(name, null);
        }
    }

    private static byte[] base64(JsonNode envelope, String field, String name) throws EnrollmentException {
        try {
            return Base64.getDecoder().decode(envelope.path(field).asText(""));
        } catch (IllegalArgumentException e) {
            throw new EnrollmentException(EnrollmentException.Kind.REJECTED, "The enrollment file " + name
                    + " is damaged; ask head office for a new enrollment file.", e);
        }
    }

    private static SiteEnrollment enrollment(byte[] payload, String name, int envelopeVersion)
            throws EnrollmentException {
        SiteEnrollment enrollment;
        try {
            enrollment = JSON.readValue(payload, SiteEnrollment.class);
        } catch (IOException | RuntimeException e) {
            // The parser's message may quote the payload, which contains secrets, so it is not kept as the cause.
            throw incomplete(name, null);
        }
        boolean complete = enrollment != null && enrollment.schemaVersion() == envelopeVersion
                && enrollment.siteId() != null && enrollment.link() != null && enrollment.trustAnchorPem() != null
                && enrollment.issuerCertificatePem() != null && enrollment.issuerKey() != null
                && enrollment.network() != null && enrollment.issuedAt() != null && enrollment.expiresAt() != null;
        if (!complete) {
            throw incomplete(name, null);
        }
        return enrollment;
    }

    private static EnrollmentException incomplete(String name, Throwable cause) {
        return new EnrollmentException(EnrollmentException.Kind.REJECTED, "The enrollment file " + name + " is"
                + " signed but incomplete; ask head office for a new enrollment file.", cause);
    }

    private static EnrollmentException unreadable(String name, Throwable cause) {
        return new EnrollmentException(EnrollmentException.Kind.UNREADABLE, "The file " + name + " is not an Outpost"
                + " site enrollment file; choose the file ending in " + SUFFIX + " that head office sent.", cause);
    }
}
