package dev.outpost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.engine.bundle.Architecture;
import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleForm;
import dev.outpost.engine.bundle.BundleWriter;
import dev.outpost.engine.bundle.SigningKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Builds a real, signed offline bundle with the engine's {@link BundleWriter} around the {@link StandInK3s} test
 * doubles: {@code install.sh}, the {@code k3s} binary, an image archive and the release's checksum list for one
 * architecture, and the Linkerd stand-ins that {@code installer-bundles/test-stand-in.json} names.
 *
 * <p>The image archive has a chosen size and pseudo-random content from a seed, so the same settings give the
 * same bytes. It is not a real archive, and the K3s stand-in only checks that it is there. The checksum list
 * ({@code sha256sum-<arch>.txt}) names the binary and the image archive with their true SHA-256, so the bundle
 * passes {@code BundleVerifier}'s check against the release. Instances are immutable.
 */
public final class K3sTestBundle {

    /** The bundle name in the manifest. */
    public static final String NAME = "k3s-stand-in";
    /** The creation time in the manifest. */
    public static final Instant CREATED = Instant.parse("2026-12-04T09:00:00Z");
    /** The key that signs the bundles unless {@link #signedBy} gives another. */
    public static final KeyPair HEAD_OFFICE = SigningKeys.generate();
    /** The image archive's size unless {@link #withImagesSize} gives another. */
    public static final long DEFAULT_IMAGES_SIZE = 64 * 1024;

    private static final Path RECIPE = Path.of("installer-bundles", "test-stand-in.json");
    private static final Path STAND_INS = Path.of("src", "test", "resources", "dev", "outpost", "engine", "bundle",
            "stand-ins");
    private static final String LINKERD_PREFIX = "linkerd/";
    private static final int CHUNK = 1024 * 1024;

    private final StandInK3s k3s;
    private final Architecture architecture;
    private final BundleForm form;
    private final long imagesSize;
    private final long seed;
    private final KeyPair signer;

    private K3sTestBundle(StandInK3s k3s, Architecture architecture, BundleForm form, long imagesSize, long seed,
            KeyPair signer) {
        this.k3s = k3s;
        this.architecture = architecture;
        this.form = form;
        this.imagesSize = imagesSize;
        this.seed = seed;
        this.signer = signer;
    }

    /**
     * Describes an amd64 bundle as a {@code .tar.zst}, with a 64 KiB image archive, signed by {@link #HEAD_OFFICE}.
     *
     * @param k3s the stand-ins to put in the bundle
     * @return the description; {@link #build} writes the bundle
     */
    public static K3sTestBundle of(StandInK3s k3s) {
        return new K3sTestBundle(Objects.requireNonNull(k3s), Architecture.AMD64, BundleForm.TAR_ZSTD,
                DEFAULT_IMAGES_SIZE, 1, HEAD_OFFICE);
    }

    /**
     * Returns a bundle in another form.
     *
     * @param newForm a folder, a {@code .tar} or a {@code .tar.zst}
     * @return a copy in that form
     */
    public K3sTestBundle withForm(BundleForm newForm) {
        return new K3sTestBundle(k3s, architecture, Objects.requireNonNull(newForm), imagesSize, seed, signer);
    }

    /**
     * Returns a bundle whose K3s image archive has this many bytes of pseudo-random content.
     *
     * @param bytes the size, 0 or more
     * @param newSeed the seed of the content
     * @return a copy with that archive
     */
    public K3sTestBundle withImagesSize(long bytes, long newSeed) {
        if (bytes < 0) {
            throw new IllegalArgumentException("The image archive size must not be negative, and it is " + bytes);
        }
        return new K3sTestBundle(k3s, architecture, form, bytes, newSeed, signer);
    }

    /**
     * Returns a bundle with K3s and Linkerd only for arm64 (the binary {@code k3s-arm64}), which has nothing that an
     * amd64 gateway can run.
     *
     * @return a copy for arm64
     */
    public K3sTestBundle arm64Only() {
        return new K3sTestBundle(k3s, Architecture.ARM64, form, imagesSize, seed, signer);
    }

    /**
     * Returns a bundle signed by another key.
     *
     * @param key an Ed25519 key pair from {@link SigningKeys#generate()}
     * @return a copy with that signer
     */
    public K3sTestBundle signedBy(KeyPair key) {
        return new K3sTestBundle(k3s, architecture, form, imagesSize, seed, Objects.requireNonNull(key));
    }

    /**
     * Returns the architecture of the K3s and Linkerd artifacts.
     *
     * @return {@link Architecture#AMD64} or {@link Architecture#ARM64}
     */
    public Architecture architecture() {
        return architecture;
    }

    /**
     * Returns the bundle path of the K3s binary, such as {@code k3s/v1.29.1+k3s1/amd64/k3s}.
     *
     * @return the path inside the bundle
     */
    public String k3sBinaryPath() {
        return k3sFolder() + (architecture == Architecture.AMD64 ? "k3s" : "k3s-" + architecture.id());
    }

    /**
     * Returns the bundle path of the K3s image archive, such as
     * {@code k3s/v1.29.1+k3s1/amd64/k3s-airgap-images-amd64.tar.zst}.
     *
     * @return the path inside the bundle
     */
    public String imagesPath() {
        return k3sFolder() + "k3s-airgap-images-" + architecture.id() + ".tar.zst";
    }

    /**
     * Returns the bundle path of the install script, {@code k3s/v1.29.1+k3s1/all/install.sh}.
     *
     * @return the path inside the bundle
     */
    public String installScriptPath() {
        return "k3s/" + StandInK3s.VERSION + "/all/install.sh";
    }

    /**
     * Writes and signs the bundle in a folder. Blocks until it is written; the files it assembles the bundle from
     * are deleted afterwards.
     *
     * @param folder an existing folder without an earlier bundle of the same architecture and form
     * @return the bundle: {@code k3s-stand-in-<arch>}, with {@code .tar} or {@code .tar.zst} for archives
     * @throws BundleException when the engine rejects the assembled files
     */
    public Path build(Path folder) throws IOException, BundleException {
        Path source = Files.createTempDirectory(folder, "k3s-bundle-source-");
        try {
            assemble(source);
            Path out = folder.resolve(fileName());
            new BundleWriter(Clock.fixed(CREATED, ZoneOffset.UTC)).create(source, out, NAME, signer.getPrivate());
            return out;
        } finally {
            deleteTree(source);
        }
    }

    private String fileName() {
        String base = NAME + "-" + architecture.id();
        return switch (form) {
            case FOLDER -> base;
            case TAR -> base + ".tar";
            case TAR_ZSTD -> base + ".tar.zst";
        };
    }

    private String k3sFolder() {
        return "k3s/" + StandInK3s.VERSION + "/" + architecture.id() + "/";
    }

    private void assemble(Path source) throws IOException {
        k3s.writeInstallScript(createParents(source.resolve(installScriptPath())));
        Path binary = k3s.writeK3sBinary(createParents(source.resolve(k3sBinaryPath())));
        Path images = writeImages(createParents(source.resolve(imagesPath())));
        String checksums = sha256(binary) + "  " + binary.getFileName() + "\n"
                + sha256(images) + "  " + images.getFileName() + "\n";
        Files.writeString(source.resolve(k3sFolder() + "sha256sum-" + architecture.id() + ".txt"), checksums,
                StandardCharsets.UTF_8);
        copyLinkerdStandIns(source);
    }

    private Path writeImages(Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = imagesSize; left > 0; left -= CHUNK) {
                for (int i = 0; i < CHUNK; i += Long.BYTES) {
                    long value = random.nextLong();
                    for (int b = 0; b < Long.BYTES; b++) {
                        chunk[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                out.write(chunk, 0, (int) Math.min(CHUNK, left));
            }
        }
        return file;
    }

    /** Copies the recipe's Linkerd artifacts for all architectures and for this bundle's one. */
    private void copyLinkerdStandIns(Path source) throws IOException {
        JsonNode recipe = new ObjectMapper().readTree(RECIPE.toFile());
        for (JsonNode artifact : recipe.get("artifacts")) {
            String path = artifact.get("path").asText();
            String[] parts = path.split("/");
            boolean selected = path.startsWith(LINKERD_PREFIX) && parts.length == 4
                    && (parts[2].equals(Architecture.ALL.id()) || parts[2].equals(architecture.id()));
            if (selected) {
                String from = artifact.get("from").asText().substring("stand-in:".length());
                Files.copy(STAND_INS.resolve(from), createParents(source.resolve(path)));
            }
        }
    }

    private static Path createParents(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return file;
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[CHUNK];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    digest.update(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
