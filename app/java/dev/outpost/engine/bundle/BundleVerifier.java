package dev.outpost.engine.bundle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a bundle in one streaming pass, in this order:
 *
 * <ol>
 *   <li>the manifest's signature against the trusted keys, before the manifest is parsed;</li>
 *   <li>the manifest's schema version and fields;</li>
 *   <li>every entry's name and type (no absolute path, {@code ..}, link, special file or duplicate), then its size
 *       and SHA-256 against the manifest, rejecting extra and missing files;</li>
 *   <li>each K3s binary, and each image archive the list names, against the release's own checksum list when the
 *       bundle carries one.</li>
 * </ol>
 *
 * The first failure stops the pass with a {@link BundleException} that names the file. Artifacts are read in 1 MiB
 * chunks and never held in memory whole. Only the manifest, its signature and the release checksum lists are kept in
 * memory, and each has a size limit. Nothing is unpacked. Blocks, and calls the listener on the calling thread.
 */
public final class BundleVerifier {

    private static final Logger log = LoggerFactory.getLogger(BundleVerifier.class);
    /** How many bytes pass between two progress reports within one artifact. */
    private static final long PROGRESS_STEP = 16L * 1024 * 1024;

    /** Checks every entry against the folder layout, and that the bundle contains a K3s binary at all. */
    static void checkLayout(BundleManifest manifest) throws BundleException {
        for (BundleArtifact artifact : manifest.artifacts()) {
            BundleLayout.checkConsistent(artifact);
        }
        if (manifest.artifacts().stream().noneMatch(a -> a.role() == ArtifactRole.K3S_BINARY)) {
            throw BundleException.rejected(null, "The bundle contains no K3s binary, so it cannot install a site. Ask"
                    + " head office for a new bundle.");
        }
    }

    private final ManifestJson json = new ManifestJson();

    /**
     * Verifies the bundle.
     *
     * @param trusted the public keys whose signatures count
     * @throws BundleException unreadable when the path is missing or of the wrong kind, rejected when a check fails
     * @throws IOException     when reading the file system fails
     */
    public BundleVerification verify(Path bundle, List<PublicKey> trusted, BundleProgressListener listener)
            throws BundleException, IOException {
        try (BundleSource source = open(bundle)) {
            String signer = checkSignature(source, trusted);
            BundleManifest manifest = json.read(source.manifest());
            checkLayout(manifest);
            source.expect(manifest);
            Pass pass = new Pass(manifest, listener);
            source.entries(pass::visit);
            pass.checkNothingMissing();
            List<String> releaseChecked = pass.checkReleaseChecksums();
            log.info("Verified bundle {} ({}): {} artifacts, {} bytes, signed by {}.", manifest.name(), bundle,
                    manifest.artifacts().size(), pass.bytesDone, signer);
            return new BundleVerification(manifest, signer, pass.bytesDone, releaseChecked);
        }
    }

    /**
     * Reads the manifest without checking the signature or any artifact, for {@code outpost bundle inspect}.
     * Rejects the same unknown schema versions and invalid fields as {@link #verify}.
     */
    public BundleManifest readManifest(Path bundle) throws BundleException, IOException {
        try (BundleSource source = open(bundle)) {
            return json.read(source.manifest());
        }
    }

    static BundleSource open(Path bundle) throws BundleException, IOException {
        if (!Files.exists(bundle)) {
            throw BundleException.unreadable(bundle.toString(), "The bundle " + bundle + " does not exist.",
                    new NoSuchFileException(bundle.toString()));
        }
        BundleForm form = BundleForm.of(bundle);
        boolean folder = Files.isDirectory(bundle);
        if (folder != (form == BundleForm.FOLDER)) {
            throw BundleException.unreadable(bundle.toString(), "The bundle " + bundle + " is neither a folder nor"
                    + " a file ending in .tar or .tar.zst.", null);
        }
        return switch (form) {
            case FOLDER -> FolderSource.open(bundle);
            case TAR -> ArchiveSource.open(bundle, false);
            case TAR_ZSTD -> ArchiveSource.open(bundle, true);
        };
    }

    String checkSignature(BundleSource source, List<PublicKey> trusted) throws BundleException {
        PublicKey signer = ManifestSignature.signer(source.manifest(), source.signature(), trusted).orElse(null);
        if (signer != null) {
            return SigningKeys.fingerprint(signer);
        }
        String claimed = json.signingKeyOrEmpty(source.manifest());
        boolean known = trusted.stream().anyMatch(k -> SigningKeys.fingerprint(k).equals(claimed));
        if (!claimed.isEmpty() && !known) {
            throw BundleException.rejected(BundleManifest.SIGNATURE_FILE_NAME, "The bundle is signed by key "
                    + claimed + ", which is not among the trusted keys. Check with head office that this bundle is"
                    + " theirs, and pass their public key with --trust.");
        }
        throw BundleException.rejected(BundleManifest.SIGNATURE_FILE_NAME, "The signature "
                + BundleManifest.SIGNATURE_FILE_NAME + " does not match manifest.json for any trusted key: the"
                + " manifest or its signature was changed. Ask head office for a new bundle.");
    }

    /** One pass over the entries: what was seen, and the bytes hashed so far. */
    private static final class Pass {

        private final BundleManifest manifest;
        private final Map<String, BundleArtifact> expected;
        private final BundleProgressListener listener;
        private final Map<String, byte[]> checksumLists = new LinkedHashMap<>();
        private final Set<String> seen = new HashSet<>();
        private final byte[] buffer = new byte[Sha256.BUFFER_SIZE];
        private long bytesDone;
        private long lastReport;

        Pass(BundleManifest manifest, BundleProgressListener listener) {
            this.manifest = manifest;
            this.expected = manifest.artifactsByPath();
            this.listener = listener;
        }

        void visit(String path, long size, InputStream data) throws IOException, BundleException {
            BundleArtifact artifact = expected.get(path);
            if (artifact == null) {
                throw BundleException.rejected(path, "The bundle contains " + path + ", which its manifest does not"
                        + " list (an extra file). Ask head office for a new bundle.");
            }
            seen.add(path);
            if (size != artifact.size()) {
                throw sizeMismatch(artifact, size);
            }
            boolean keep = artifact.role() == ArtifactRole.K3S_CHECKSUMS;
            if (keep && size > ReleaseChecksums.MAX_BYTES) {
                throw BundleException.rejected(path, "The K3s checksum list " + path + " is larger than "
                        + ReleaseChecksums.MAX_BYTES + " bytes. Ask head office for a new bundle.");
            }
            InputStream in = keep ? new CopyingStream(data) : data;
            Sha256.Digest digest = Sha256.digest(in, artifact.size() + 1, buffer, n -> advance(path, n));
            if (digest.size() != artifact.size()) {
                throw sizeMismatch(artifact, digest.size());
            }
            if (!digest.hex().equals(artifact.sha256())) {
                throw BundleException.rejected(path, "The bundle's " + path + " has changed: its SHA-256 is "
                        + digest.hex() + ", but the manifest records " + artifact.sha256() + ". Copy the bundle"
                        + " again or ask head office for a new one.");
            }
            if (keep) {
                checksumLists.put(path, ((CopyingStream) in).bytes());
            }
            listener.onProgress(new BundleProgress(path, bytesDone, manifest.totalSize()));
        }

        void checkNothingMissing() throws BundleException {
            for (BundleArtifact artifact : manifest.artifacts()) {
                if (!seen.contains(artifact.path())) {
                    throw BundleException.rejected(artifact.path(), "The bundle's manifest lists " + artifact.path()
                            + ", but the bundle does not hold it (a missing file). Copy the bundle again.");
                }
            }
        }

        List<String> checkReleaseChecksums() throws BundleException {
            List<String> checked = new ArrayList<>();
            for (BundleArtifact list : manifest.artifacts()) {
                if (list.role() != ArtifactRole.K3S_CHECKSUMS) {
                    continue;
                }
                ReleaseChecksums sums = ReleaseChecksums.parse(checksumLists.get(list.path()));
                for (BundleArtifact artifact : manifest.artifacts()) {
                    if (artifact.architecture() == list.architecture() && checkAgainst(sums, list, artifact)) {
                        checked.add(artifact.path());
                    }
                }
            }
            return checked;
        }

        private static boolean checkAgainst(ReleaseChecksums sums, BundleArtifact list, BundleArtifact artifact)
                throws BundleException {
            boolean binary = artifact.role() == ArtifactRole.K3S_BINARY;
            if (!binary && artifact.role() != ArtifactRole.K3S_IMAGES) {
                return false;
            }
            String listed = sums.sha256(artifact.fileName()).orElse(null);
            if (listed == null && binary) {
                throw BundleException.rejected(artifact.path(), "The K3s release's checksum list " + list.path()
                        + " does not name the binary " + artifact.fileName() + ", so the binary cannot be checked"
                        + " against the release. Ask head office for a new bundle.");
            }
            if (listed != null && !listed.equals(artifact.sha256())) {
                throw BundleException.rejected(artifact.path(), "The bundle's " + artifact.path() + " is not the"
                        + " file the K3s release published: its SHA-256 is " + artifact.sha256() + ", but the"
                        + " release's " + list.fileName() + " lists " + listed + ". Ask head office for a new bundle.");
            }
            return listed != null;
        }

        private void advance(String path, long n) {
            bytesDone += n;
            if (bytesDone - lastReport >= PROGRESS_STEP) {
                lastReport = bytesDone;
                listener.onProgress(new BundleProgress(path, bytesDone, manifest.totalSize()));
            }
        }

        private static BundleException sizeMismatch(BundleArtifact artifact, long actual) {
            String how = actual < artifact.size() ? "truncated" : "longer than expected";
            return BundleException.rejected(artifact.path(), "The bundle's " + artifact.path() + " is " + actual
                    + " bytes, but the manifest records " + artifact.size() + " (" + how + "). Copy the bundle again or"
                    + " ask head office for a new one.");
        }
    }

    /** Keeps a copy of a small stream's bytes while they are hashed; used only for the bounded checksum lists. */
    private static final class CopyingStream extends java.io.FilterInputStream {

        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        CopyingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        byte[] bytes() {
            return copy.toByteArray();
        }
    }
}
