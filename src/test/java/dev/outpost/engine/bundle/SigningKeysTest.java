package dev.outpost.engine.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SigningKeysTest {

    @TempDir
    Path dir;

    private final KeyPair pair = SigningKeys.generate();

    @Test
    void plainKeyRoundTrips() throws Exception {
        Path file = dir.resolve("head-office");
        SigningKeys.writePrivateKey(pair.getPrivate(), file, null);

        PrivateKey read = SigningKeys.readPrivateKey(file, null);

        assertThat(read.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void encryptedKeyRoundTrips() throws Exception {
        Path file = dir.resolve("head-office");
        SigningKeys.writePrivateKey(pair.getPrivate(), file, "correct horse".toCharArray());

        PrivateKey read = SigningKeys.readPrivateKey(file, "correct horse".toCharArray());

        assertThat(read.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    }

    @Test
    void wrongPassphraseIsNamed() throws Exception {
        Path file = dir.resolve("head-office");
        SigningKeys.writePrivateKey(pair.getPrivate(), file, "correct horse".toCharArray());

        BundleException e = catchThrowableOfType(BundleException.class,
                () -> SigningKeys.readPrivateKey(file, "wrong horse".toCharArray()));

        assertThat(e.kind()).isEqualTo(BundleException.Kind.UNREADABLE);
        assertThat(e.getMessage()).contains("passphrase for the signing key").contains("is wrong")
                .doesNotContain("horse");
    }

    @Test
    void missingPassphraseIsNamed() throws Exception {
        Path file = dir.resolve("head-office");
        SigningKeys.writePrivateKey(pair.getPrivate(), file, "correct horse".toCharArray());

        assertThatThrownBy(() -> SigningKeys.readPrivateKey(file, null))
                .isInstanceOf(BundleException.class).hasMessageContaining("--passphrase-stdin");
    }

    @Test
    void publicKeyRoundTrips() throws Exception {
        Path file = dir.resolve("head-office.pub");
        SigningKeys.writePublicKey(pair.getPublic(), file);

        assertThat(SigningKeys.readPublicKey(file).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void publicKeyIsDerived() {
        assertThat(SigningKeys.publicKeyOf(pair.getPrivate()).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void fingerprintIsSha256Base64() {
        assertThat(SigningKeys.fingerprint(pair.getPublic())).matches("SHA256:[A-Za-z0-9+/]{43}");
    }

    @Test
    void existingFileIsKept() throws Exception {
        Path file = Files.writeString(dir.resolve("head-office"), "keep me");

        assertThatThrownBy(() -> SigningKeys.writePrivateKey(pair.getPrivate(), file, null))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("keep me");
    }

    @Test
    void publicKeyAsPrivateIsRejected() throws Exception {
        Path file = dir.resolve("head-office.pub");
        SigningKeys.writePublicKey(pair.getPublic(), file);

        assertThatThrownBy(() -> SigningKeys.readPrivateKey(file, null))
                .isInstanceOf(BundleException.class).hasMessageContaining("not an Ed25519 private key");
    }
}
