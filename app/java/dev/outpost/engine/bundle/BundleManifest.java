package dev.outpost.engine.bundle;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The signed table of contents at a bundle's root ({@code manifest.json}): what the bundle is, which versions it
 * pins, and the path, role, architecture, size and SHA-256 of every file in it.
 *
 * @param name       the bundle's name, chosen by head office
 * @param createdAt  when it was built
 * @param signingKey the fingerprint of the key that signed it, as {@link SigningKeys#fingerprint} writes it
 * @param components the pinned component versions
 * @param artifacts  every file of the bundle except the manifest and its signature
 */
public record BundleManifest(String name, Instant createdAt, String signingKey, List<BundleComponent> components,
        List<BundleArtifact> artifacts) {

    /** The manifest format this Outpost reads and writes. */
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE_NAME = "manifest.json";
    public static final String SIGNATURE_FILE_NAME = "manifest.json.sig";

    public BundleManifest {
        components = List.copyOf(components);
        artifacts = List.copyOf(artifacts);
    }

    /** Returns the artifacts keyed by path, in manifest order. */
    public Map<String, BundleArtifact> artifactsByPath() {
        return artifacts.stream().collect(Collectors.toMap(BundleArtifact::path, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    /** Returns the sum of all artifact sizes in bytes. */
    public long totalSize() {
        return artifacts.stream().mapToLong(BundleArtifact::size).sum();
    }

    /** Returns the pinned version of a component, if the bundle carries it. */
    public Optional<String> version(String component) {
        return components.stream().filter(c -> c.name().equals(component)).map(BundleComponent::version).findFirst();
    }
}
