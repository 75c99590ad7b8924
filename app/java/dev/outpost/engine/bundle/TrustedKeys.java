package dev.outpost.engine.bundle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The head-office public keys this laptop trusts to sign bundles. Keys come from two places: those shipped with
 * Outpost as resources (listed in {@value #SHIPPED_LIST}), and those a person added, kept as {@code .pub} PEM files
 * in one folder, normally {@code trusted-keys} in the data folder. Only user-added keys can be removed.
 *
 * <p>Every method blocks on the file system; call them off the FX thread. The folder is read again on every call,
 * so keys added or removed by hand show up at once.
 */
public final class TrustedKeys {

    /** The origin of a trusted key. */
    public enum Source {
        /** Shipped with Outpost, so it cannot be removed. */
        SHIPPED,
        /** Added on this laptop, so it can be removed. */
        USER
    }

    /**
     * One trusted key.
     *
     * @param name        the key's file name, such as {@code head-office-2026.pub}
     * @param fingerprint the key's {@code SHA256:} fingerprint, as {@link SigningKeys#fingerprint} writes it
     * @param source      whether it was shipped or added here
     * @param key         the Ed25519 public key
     */
    public record TrustedKey(String name, String fingerprint, Source source, PublicKey key) {
    }

    /**
     * A key file read and validated but not yet added, so that a person can compare its fingerprint first.
     *
     * @param file        the chosen file
     * @param fingerprint the key's {@code SHA256:} fingerprint
     * @param key         the Ed25519 public key
     */
    public record KeyCandidate(Path file, String fingerprint, PublicKey key) {
    }

    /** The name of the folder under the data folder that contains the user-added keys. */
    public static final String FOLDER_NAME = "trusted-keys";
    /** The resource that names the shipped keys, one file name a line, beside it in the same resource folder. */
    public static final String SHIPPED_LIST = "/dev/outpost/engine/bundle/trusted-keys/shipped-keys.txt";
    private static final String SUFFIX = ".pub";
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";
    /** A PEM Ed25519 public key is 113 bytes, so a file far larger is not one. */
    private static final long MAX_KEY_FILE_BYTES = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(TrustedKeys.class);

    private final Path folder;
    private final List<URL> shipped;

    /**
     * @param folder  the folder of user-added keys; it is created when the first key is added
     * @param shipped the shipped key files, usually from {@link #shippedWithOutpost()}
     */
    public TrustedKeys(Path folder, List<URL> shipped) {
        this.folder = folder;
        this.shipped = List.copyOf(shipped);
    }

    /** Returns the keys shipped with Outpost, as the resource {@value #SHIPPED_LIST} lists them. Blocks. */
    public static List<URL> shippedWithOutpost() {
        URL list = TrustedKeys.class.getResource(SHIPPED_LIST);
        if (list == null) {
            return List.of();
        }
        List<URL> keys = new ArrayList<>();
        try (InputStream in = list.openStream();
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                URL key = TrustedKeys.class.getResource(SHIPPED_LIST.substring(0, SHIPPED_LIST.lastIndexOf('/') + 1)
                        + name);
                if (key == null) {
                    log.warn("The shipped trusted key {} is listed in {} but missing from the application.", name,
                            SHIPPED_LIST);
                } else {
                    keys.add(key);
                }
            }
        } catch (IOException e) {
            log.warn("The list of shipped trusted keys {} could not be read, so no shipped key is trusted.",
                    SHIPPED_LIST, e);
            return List.of();
        }
        return keys;
    }

    /** Returns the folder of user-added keys. */
    public Path folder() {
        return folder;
    }

    /**
     * Lists the shipped keys, then the user-added ones by file name. A file in the folder that is not a valid
     * public key is left out and logged, so one bad file does not hide the others. Blocks.
     */
    public List<TrustedKey> list() throws IOException {
        List<TrustedKey> keys = new ArrayList<>();
        for (URL url : shipped) {
            shippedKey(url).ifPresent(keys::add);
        }
        List<TrustedKey> added = new ArrayList<>();
        for (Path file : userFiles()) {
            try {
                PublicKey key = SigningKeys.readPublicKey(file);
                added.add(new TrustedKey(file.getFileName().toString(), SigningKeys.fingerprint(key), Source.USER,
                        key));
            } catch (BundleException e) {
                log.warn("The trusted key file {} is not a valid public key and is ignored: {}", file,
                        e.getMessage());
            }
        }
        added.sort(Comparator.comparing(TrustedKey::name));
        keys.addAll(added);
        return keys;
    }

    /** Returns the public keys to pass to {@link BundleVerifier#verify}. Blocks. */
    public List<PublicKey> publicKeys() throws IOException {
        return list().stream().map(TrustedKey::key).toList();
    }

    /** Returns the trusted key with this fingerprint, if there is one. Blocks. */
    public Optional<TrustedKey> find(String fingerprint) throws IOException {
        return list().stream().filter(k -> k.fingerprint().equals(fingerprint)).findFirst();
    }

    /**
     * Reads and validates a key file without adding it, so its fingerprint can be compared first. Blocks.
     *
     * @throws BundleException (unreadable) when the file is missing, too large, a private key, or not an Ed25519
     *                         public key in PEM form
     */
    public KeyCandidate preview(Path file) throws BundleException {
        String text = readSmallText(file);
        if (text.contains("PRIVATE KEY-----")) {
            throw new BundleException(BundleException.Kind.UNREADABLE, file.toString(), "The file " + file
                    + " is a private key, which must stay at head office. Ask head office for the public key,"
                    + " the file ending in .pub.");
        }
        PublicKey key = SigningKeys.readPublicKey(file);
        return new KeyCandidate(file, SigningKeys.fingerprint(key), key);
    }

    /**
     * Adds the key in the file, after validating it as {@link #preview} does. Blocks.
     *
     * @return the trusted key as {@link #list} will show it
     * @throws BundleException (unreadable) when the file is not a public key
     * @throws IOException     when the folder cannot be written
     */
    public TrustedKey add(Path file) throws BundleException, IOException {
        return add(preview(file));
    }

    /**
     * Adds a key that {@link #preview} read, so the key written is the one whose fingerprint the person compared
     * even if the file changed since. Adding a key that is already trusted changes nothing and returns that key.
     * When a different key already uses the file name, the new key gets a free name such as
     * {@code head-office-2.pub}; no file is ever overwritten. Blocks.
     *
     * @return the trusted key as {@link #list} will show it
     * @throws IOException when the folder cannot be written
     */
    public TrustedKey add(KeyCandidate candidate) throws IOException {
        Optional<TrustedKey> existing = find(candidate.fingerprint());
        if (existing.isPresent()) {
            log.info("The key {} from {} is already trusted as {}, so nothing was added.", candidate.fingerprint(),
                    candidate.file(), existing.get().name());
            return existing.get();
        }
        Files.createDirectories(folder);
        String stem = stem(candidate.file());
        for (int attempt = 1; ; attempt++) {
            String name = attempt == 1 ? stem + SUFFIX : stem + "-" + attempt + SUFFIX;
            try {
                SigningKeys.writePublicKey(candidate.key(), folder.resolve(name));
                log.info("Added the trusted bundle-signing key {} as {}.", candidate.fingerprint(),
                        folder.resolve(name));
                return new TrustedKey(name, candidate.fingerprint(), Source.USER, candidate.key());
            } catch (FileAlreadyExistsException taken) {
                log.debug("The trusted key name {} is taken by another key, so the next name is tried.", name);
            }
        }
    }

    /**
     * Removes every user-added file that contains the key with this fingerprint. Blocks.
     *
     * @return false when no user-added key has this fingerprint
     * @throws IllegalArgumentException when the key is shipped with Outpost, which cannot be removed
     */
    public boolean remove(String fingerprint) throws IOException {
        boolean removed = false;
        for (TrustedKey key : list()) {
            if (!key.fingerprint().equals(fingerprint)) {
                continue;
            }
            if (key.source() == Source.SHIPPED) {
                throw new IllegalArgumentException("The key " + fingerprint + " is shipped with Outpost and cannot"
                        + " be removed.");
            }
            Files.deleteIfExists(folder.resolve(key.name()));
            log.info("Removed the trusted bundle-signing key {} ({}).", fingerprint, key.name());
            removed = true;
        }
        return removed;
    }

    /** Reads a shipped key from its resource. A PEM {@code PUBLIC KEY} block is a Base64 DER SubjectPublicKeyInfo. */
    private static Optional<TrustedKey> shippedKey(URL url) {
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        try (InputStream in = url.openStream()) {
            String pem = new String(in.readNBytes((int) MAX_KEY_FILE_BYTES), StandardCharsets.US_ASCII);
            int begin = pem.indexOf(PEM_BEGIN);
            int end = pem.indexOf(PEM_END);
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException("no PUBLIC KEY block");
            }
            String base64 = pem.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", "");
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(base64)));
            return Optional.of(new TrustedKey(name, SigningKeys.fingerprint(key), Source.SHIPPED, key));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            log.warn("The shipped trusted key {} could not be read as an Ed25519 public key and is ignored.", url, e);
            return Optional.empty();
        }
    }

    private List<Path> userFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        }
        return files;
    }

    private static String readSmallText(Path file) throws BundleException {
        try {
            if (Files.isDirectory(file)) {
                throw new BundleException(BundleException.Kind.UNREADABLE, file.toString(), "The path " + file
                        + " is a folder, not a key file. Choose the .pub file head office gave you.");
            }
            if (Files.size(file) > MAX_KEY_FILE_BYTES) {
                throw new BundleException(BundleException.Kind.UNREADABLE, file.toString(), "The file " + file
                        + " is too large to be a public key. Choose the .pub file head office gave you.");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new BundleException(BundleException.Kind.UNREADABLE, file.toString(), "The key file " + file
                    + " does not exist.", e);
        } catch (IOException e) {
            throw new BundleException(BundleException.Kind.UNREADABLE, file.toString(), "The key file " + file
                    + " could not be read: " + e.getMessage() + ".", e);
        }
    }

    /**
     * Returns the file name without {@code .pub}, with each character other than a letter, digit, dot, dash or
     * underscore replaced by a dash.
     */
    private static String stem(Path file) {
        String name = file.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(SUFFIX)) {
            name = name.substring(0, name.length() - SUFFIX.length());
        }
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[.-]+", "");
        return safe.isEmpty() ? "head-office" : safe;
    }
}
