package dev.outpost.engine.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads chosen artifacts of a bundle whose manifest signature is trusted, for sending them to a gateway. Unlike
 * {@link BundleVerifier} it does not hash every file: the receiver checks each artifact it gets against the digest
 * in the signed manifest.
 */
public final class BundleReader {

    /** Receives one chosen artifact. */
    @FunctionalInterface
    public interface ArtifactVisitor {
        /**
         * Reads one artifact.
         *
         * @param data the artifact's bytes, which the visitor need not read to the end; valid only during the call
         */
        void visit(BundleArtifact artifact, InputStream data) throws IOException, BundleException;
    }

    private final Path bundle;
    private final List<PublicKey> trusted;
    private final BundleVerifier verifier = new BundleVerifier();

    public BundleReader(Path bundle, List<PublicKey> trusted) {
        this.bundle = bundle;
        this.trusted = List.copyOf(trusted);
    }

    /**
     * Reads the manifest and checks its signature against the trusted keys and its entries against the layout.
     *
     * @throws BundleException unreadable when the bundle is missing or of the wrong kind, rejected when the
     *                         signature or the manifest fails a check
     */
    public BundleManifest manifest() throws BundleException, IOException {
        try (BundleSource source = BundleVerifier.open(bundle)) {
            return trustedManifest(source);
        }
    }

    /**
     * Hands the chosen artifacts to the visitor in the bundle's own order, which for an archive is the only order
     * it can be read in. Stops reading once the last chosen artifact is visited. The manifest's signature is
     * checked again, so a bundle changed since {@link #manifest()} is refused. Blocks.
     *
     * @param paths the artifact paths to read; paths the manifest does not list are ignored
     */
    public void read(Set<String> paths, ArtifactVisitor visitor) throws BundleException, IOException {
        if (paths.isEmpty()) {
            return;
        }
        try (BundleSource source = BundleVerifier.open(bundle)) {
            BundleManifest manifest = trustedManifest(source);
            var byPath = manifest.artifactsByPath();
            Set<String> left = new HashSet<>(paths);
            left.retainAll(byPath.keySet());
            if (left.isEmpty()) {
                return;
            }
            source.expect(manifest);
            try {
                source.entries((path, size, data) -> {
                    if (left.remove(path)) {
                        visitor.visit(byPath.get(path), data);
                        if (left.isEmpty()) {
                            throw new AllRead();
                        }
                    }
                });
            } catch (AllRead done) {
                return;
            }
            if (!left.isEmpty()) {
                throw BundleException.rejected(left.iterator().next(), "The bundle lacks " + left.iterator().next()
                        + ", which its manifest lists. Copy the bundle again, or ask head office for a new one.");
            }
        }
    }

    private BundleManifest trustedManifest(BundleSource source) throws BundleException {
        verifier.checkSignature(source, trusted);
        BundleManifest manifest = new ManifestJson().read(source.manifest());
        BundleVerifier.checkLayout(manifest);
        return manifest;
    }

    /** Ends the pass early once every chosen artifact is read. */
    private static final class AllRead extends RuntimeException {
        AllRead() {
            super(null, null, false, false);
        }
    }
}
