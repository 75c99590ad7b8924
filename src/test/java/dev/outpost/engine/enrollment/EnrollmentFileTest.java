package dev.outpost.engine.enrollment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.testing.TestMeshPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnrollmentFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final TestMeshPki pki = TestMeshPki.create();

    @Test
    void roundTripKeepsEveryField() throws Exception {
        SiteEnrollment written = pki.enrollment("store-0042").build();
        Path file = dir.resolve("store-0042.enrollment");
        EnrollmentFile.write(written, pki.headOfficeKeys().getPrivate(), file);

        EnrollmentFile.Signed read = EnrollmentFile.readSigned(file, pki.trustedKeys());

        assertThat(read.enrollment()).isEqualTo(written);
        assertThat(read.signer()).isEqualTo(SigningKeys.fingerprint(pki.headOfficeKeys().getPublic()));
    }

    @Test
    void fileIsOwnerOnly() throws Exception {
        Path file = pki.enrollment("store-0042").writeSigned(dir.resolve("site.enrollment"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void existingFileIsKept() throws Exception {
        Path file = Files.writeString(dir.resolve("site.enrollment"), "keep");

        assertThatThrownBy(() -> pki.enrollment("store-0042").writeSigned(file))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("keep");
    }

    @Test
    void envelopeNamesFormatAndVersion() throws Exception {
        Path file = pki.enrollment("store-0042").writeSigned(dir.resolve("site.enrollment"));

        ObjectNode envelope = (ObjectNode) JSON.readTree(file.toFile());

        assertThat(envelope.path("format").asText()).isEqualTo("outpost.site-enrollment");
        assertThat(envelope.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(Base64.getDecoder().decode(envelope.path("signature").asText())).hasSize(64);
        String payload = new String(Base64.getDecoder().decode(envelope.path("enrollment").asText()),
                StandardCharsets.UTF_8);
        assertThat(JSON.readTree(payload).path("siteId").asText()).isEqualTo("store-0042");
    }

    @Test
    void tamperedPayloadIsRejected() throws Exception {
        Path file = pki.enrollment("store-0042").writeSigned(dir.resolve("site.enrollment"));
        ObjectNode envelope = (ObjectNode) JSON.readTree(file.toFile());
        String payload = new String(Base64.getDecoder().decode(envelope.path("enrollment").asText()),
                StandardCharsets.UTF_8);
        String changed = payload.replace("10.50.0.0/16", "10.42.0.0/16");
        assertThat(changed).isNotEqualTo(payload);
        envelope.put("enrollment", Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8)));
        Files.write(file, JSON.writeValueAsBytes(envelope));

        assertThatThrownBy(() -> EnrollmentFile.read(file, pki.trustedKeys()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("changed after signing")
                .hasMessageContaining("ask head office for a new enrollment file")
                .extracting(e -> ((EnrollmentException) e).kind()).isEqualTo(EnrollmentException.Kind.REJECTED);
    }

    @Test
    void untrustedSignerIsRejected() throws Exception {
        Path file = pki.enrollment("store-0042").writeSigned(dir.resolve("site.enrollment"));
        List<java.security.PublicKey> other = List.of(SigningKeys.generate().getPublic());

        assertThatThrownBy(() -> EnrollmentFile.read(file, other))
                .isInstanceOf(EnrollmentException.class)
                .extracting(e -> ((EnrollmentException) e).kind()).isEqualTo(EnrollmentException.Kind.REJECTED);
    }

    @Test
    void newerVersionIsRefused() throws Exception {
        Path file = pki.enrollment("store-0042").writeSigned(dir.resolve("site.enrollment"));
        ObjectNode envelope = (ObjectNode) JSON.readTree(file.toFile());
        envelope.put("schemaVersion", 2);
        Files.write(file, JSON.writeValueAsBytes(envelope));

        assertThatThrownBy(() -> EnrollmentFile.read(file, pki.trustedKeys()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("version 2")
                .hasMessageContaining("install the newer Outpost")
                .extracting(e -> ((EnrollmentException) e).kind())
                .isEqualTo(EnrollmentException.Kind.UNSUPPORTED_VERSION);
    }

    @Test
    void otherFileIsUnreadable() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.enrollment"), "{\"hello\": 1}");

        assertThatThrownBy(() -> EnrollmentFile.read(file, pki.trustedKeys()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("is not an Outpost site enrollment file")
                .extracting(e -> ((EnrollmentException) e).kind()).isEqualTo(EnrollmentException.Kind.UNREADABLE);
    }

    @Test
    void missingFileIsUnreadable() {
        assertThatThrownBy(() -> EnrollmentFile.read(dir.resolve("none.enrollment"), pki.trustedKeys()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("does not exist")
                .extracting(e -> ((EnrollmentException) e).kind()).isEqualTo(EnrollmentException.Kind.UNREADABLE);
    }

    @Test
    void signedIncompleteFileIsRejected() throws Exception {
        byte[] payload = "{\"schemaVersion\":1,\"siteId\":\"store-0042\"}".getBytes(StandardCharsets.UTF_8);
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("format", EnrollmentFile.FORMAT);
        envelope.put("schemaVersion", 1);
        envelope.put("enrollment", Base64.getEncoder().encodeToString(payload));
        envelope.put("signature", Base64.getEncoder().encodeToString(
                dev.outpost.engine.bundle.ManifestSignature.sign(payload, pki.headOfficeKeys().getPrivate())));

        assertThatThrownBy(() -> EnrollmentFile.parse(JSON.writeValueAsBytes(envelope), "x", pki.trustedKeys()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("incomplete");
    }

    @Test
    void noTrustedKeyNamesTheFix() throws Exception {
        Path file = pki.enrollment("store-0042").writeSigned(dir.resolve("site.enrollment"));

        assertThatThrownBy(() -> EnrollmentFile.read(file, List.of()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("add head office's public key");
    }
}
