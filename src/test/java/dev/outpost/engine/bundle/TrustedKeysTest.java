package dev.outpost.engine.bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TrustedKeysTest {

    @TempDir
    Path dir;

    private final KeyPair headOffice = SigningKeys.generate();
    private final KeyPair other = SigningKeys.generate();

    private TrustedKeys store() {
        return new TrustedKeys(dir.resolve("data").resolve(TrustedKeys.FOLDER_NAME), List.of());
    }

    private Path publicKeyFile(KeyPair pair, String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("downloads"));
        Path file = folder.resolve(name);
        SigningKeys.writePublicKey(pair.getPublic(), file);
        return file;
    }

    @Test
    void emptyStoreListsNothing() throws Exception {
        assertThat(store().list()).isEmpty();
        assertThat(store().publicKeys()).isEmpty();
    }

    @Test
    void previewShowsFingerprintWithoutAdding() throws Exception {
        Path file = publicKeyFile(headOffice, "head-office.pub");

        TrustedKeys.KeyCandidate candidate = store().preview(file);

        assertThat(candidate.fingerprint()).isEqualTo(SigningKeys.fingerprint(headOffice.getPublic()));
        assertThat(candidate.key().getEncoded()).isEqualTo(headOffice.getPublic().getEncoded());
        assertThat(store().list()).isEmpty();
    }

    @Test
    void previewRejectsPrivateKey() throws Exception {
        Path file = dir.resolve("head-office");
        SigningKeys.writePrivateKey(headOffice.getPrivate(), file, null);

        BundleException e = catchThrowableOfType(BundleException.class, () -> store().preview(file));

        assertThat(e.getMessage()).contains("is a private key").contains("ending in .pub");
        assertThat(e.kind()).isEqualTo(BundleException.Kind.UNREADABLE);
    }

    @Test
    void previewRejectsEncryptedPrivateKey() throws Exception {
        Path file = dir.resolve("head-office");
        SigningKeys.writePrivateKey(headOffice.getPrivate(), file, "phrase".toCharArray());

        assertThatThrownBy(() -> store().preview(file)).isInstanceOf(BundleException.class)
                .hasMessageContaining("is a private key");
    }

    @Test
    void previewRejectsJunk() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.pub"), "call head office on Monday\n");

        assertThatThrownBy(() -> store().preview(file)).isInstanceOf(BundleException.class)
                .hasMessageContaining("notes.pub").hasMessageContaining("not an Ed25519 public key");
    }

    @Test
    void previewRejectsLargeFile() throws Exception {
        Path file = Files.write(dir.resolve("big.pub"), new byte[64 * 1024]);

        assertThatThrownBy(() -> store().preview(file)).isInstanceOf(BundleException.class)
                .hasMessageContaining("too large to be a public key");
    }

    @Test
    void previewNamesMissingFile() {
        Path file = dir.resolve("absent.pub");

        assertThatThrownBy(() -> store().preview(file)).isInstanceOf(BundleException.class)
                .hasMessageContaining("absent.pub").hasMessageContaining("does not exist");
    }

    @Test
    void addCopiesKeyIntoFolder() throws Exception {
        Path file = publicKeyFile(headOffice, "head-office-2026.pub");

        TrustedKeys.TrustedKey added = store().add(file);

        assertThat(added.name()).isEqualTo("head-office-2026.pub");
        assertThat(added.source()).isEqualTo(TrustedKeys.Source.USER);
        assertThat(store().folder().resolve("head-office-2026.pub")).exists();
        assertThat(store().list()).extracting(TrustedKeys.TrustedKey::fingerprint)
                .containsExactly(SigningKeys.fingerprint(headOffice.getPublic()));
        assertThat(store().publicKeys().get(0).getEncoded()).isEqualTo(headOffice.getPublic().getEncoded());
    }

    @Test
    void addSameKeyTwiceIsNoOp() throws Exception {
        Path file = publicKeyFile(headOffice, "head-office.pub");
        store().add(file);
        Path renamedCopy = publicKeyFile(headOffice, "copy-of-head-office.pub");

        TrustedKeys.TrustedKey again = store().add(renamedCopy);

        assertThat(again.name()).isEqualTo("head-office.pub");
        try (var files = Files.list(store().folder())) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void addKeepsDifferentKeyWithSameName() throws Exception {
        store().add(publicKeyFile(headOffice, "head-office.pub"));
        Path first = store().folder().resolve("head-office.pub");
        String before = Files.readString(first);
        Path otherFolder = Files.createDirectories(dir.resolve("usb"));
        Path sameName = otherFolder.resolve("head-office.pub");
        SigningKeys.writePublicKey(other.getPublic(), sameName);

        TrustedKeys.TrustedKey added = store().add(sameName);

        assertThat(added.name()).isEqualTo("head-office-2.pub");
        assertThat(Files.readString(first)).as("the first key is not overwritten").isEqualTo(before);
        assertThat(store().list()).hasSize(2);
    }

    @Test
    void addCandidateWritesComparedKey() throws Exception {
        Path file = publicKeyFile(headOffice, "head-office.pub");
        TrustedKeys.KeyCandidate candidate = store().preview(file);
        Files.delete(file);
        SigningKeys.writePublicKey(other.getPublic(), file);

        TrustedKeys.TrustedKey added = store().add(candidate);

        assertThat(added.fingerprint()).isEqualTo(SigningKeys.fingerprint(headOffice.getPublic()));
        assertThat(store().list()).extracting(TrustedKeys.TrustedKey::fingerprint)
                .containsExactly(SigningKeys.fingerprint(headOffice.getPublic()));
    }

    @Test
    void addRejectsPrivateKeyAndWritesNothing() throws Exception {
        Path file = dir.resolve("head-office");
        SigningKeys.writePrivateKey(headOffice.getPrivate(), file, null);

        assertThatThrownBy(() -> store().add(file)).isInstanceOf(BundleException.class);
        assertThat(store().folder()).doesNotExist();
    }

    @Test
    void addMakesFileNameSafe() throws Exception {
        Path file = publicKeyFile(headOffice, "Head Office (2026)");

        assertThat(store().add(file).name()).isEqualTo("Head-Office--2026-.pub");
    }

    @Test
    void listSkipsInvalidFile() throws Exception {
        store().add(publicKeyFile(headOffice, "head-office.pub"));
        Files.writeString(store().folder().resolve("broken.pub"), "not a key");

        assertThat(store().list()).extracting(TrustedKeys.TrustedKey::name).containsExactly("head-office.pub");
    }

    @Test
    void removeDeletesUserKey() throws Exception {
        store().add(publicKeyFile(headOffice, "head-office.pub"));
        String fingerprint = SigningKeys.fingerprint(headOffice.getPublic());

        assertThat(store().remove(fingerprint)).isTrue();
        assertThat(store().list()).isEmpty();
        assertThat(store().remove(fingerprint)).isFalse();
    }

    @Test
    void shippedKeyIsListedAndKept() throws Exception {
        URL shipped = publicKeyFile(headOffice, "company-2026.pub").toUri().toURL();
        TrustedKeys keys = new TrustedKeys(dir.resolve("keys"), List.of(shipped));
        String fingerprint = SigningKeys.fingerprint(headOffice.getPublic());

        assertThat(keys.list()).singleElement().satisfies(key -> {
            assertThat(key.name()).isEqualTo("company-2026.pub");
            assertThat(key.source()).isEqualTo(TrustedKeys.Source.SHIPPED);
            assertThat(key.fingerprint()).isEqualTo(fingerprint);
        });
        assertThatThrownBy(() -> keys.remove(fingerprint)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shipped with Outpost");
        assertThat(keys.add(publicKeyFile(headOffice, "again.pub")).source())
                .as("adding a shipped key changes nothing").isEqualTo(TrustedKeys.Source.SHIPPED);
    }

    @Test
    void shippedListIsEmptyToday() {
        assertThat(TrustedKeys.shippedWithOutpost()).isEmpty();
        assertThat(TrustedKeys.class.getResource(TrustedKeys.SHIPPED_LIST)).isNotNull();
    }

    @Test
    void trustedKeysVerifyBundle() throws Exception {
        TrustedKeys keys = store();
        Path bundle = BundleFixtures.bundle(dir, "site.tar");
        Path pub = dir.resolve("hq.pub");
        SigningKeys.writePublicKey(BundleFixtures.HEAD_OFFICE.getPublic(), pub);
        keys.add(pub);

        BundleVerification result = new BundleVerifier().verify(bundle, keys.publicKeys(),
                BundleProgressListener.NONE);

        assertThat(result.signer()).isEqualTo(SigningKeys.fingerprint(BundleFixtures.HEAD_OFFICE.getPublic()));
    }
}
