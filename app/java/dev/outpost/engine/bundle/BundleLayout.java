package dev.outpost.engine.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The file-naming convention of a bundle's source folder, from which {@code outpost bundle create} decides every
 * artifact's component, version, role and architecture without a recipe file:
 *
 * <pre>
 * COMPONENT/VERSION/ARCHITECTURE/UPSTREAM-FILE-NAME
 * </pre>
 *
 * COMPONENT is {@code k3s}, {@code linkerd}, {@code rancher-agent} or {@code workloads}; VERSION is the pinned
 * upstream version (one per component); ARCHITECTURE is {@code amd64}, {@code arm64}, {@code armv7} or {@code all}.
 * The file keeps its upstream name, and the name decides the role (see {@link #roleOf}). The same layout is kept
 * inside the bundle, so a bundle's paths show what each file is.
 */
public final class BundleLayout {

    /** One file of the source folder with what the convention makes of it. */
    public record SourceFile(Path file, String path, String component, String version, ArtifactRole role,
            Architecture architecture) {
    }

    private static final Pattern IMAGE_ARCHIVE = Pattern.compile(".+\\.tar(\\.gz|\\.zst)?");
    private static final Pattern K3S_BINARY = Pattern.compile("k3s(-[a-z0-9]+)?");
    private static final List<Architecture> MACHINE_ARCHITECTURES =
            List.of(Architecture.AMD64, Architecture.ARM64, Architecture.ARMV7);

    private BundleLayout() {
    }

    /**
     * Lists and classifies every file under the folder, sorted by path.
     *
     * @throws BundleException (unreadable) for a file outside the convention, a link, two versions of one component,
     *                         or a required artifact that is missing
     */
    public static List<SourceFile> scan(Path folder) throws BundleException, IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw BundleException.unreadable(folder.toString(), "The source folder " + folder + " does not exist or"
                    + " is not a folder.", null);
        }
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.sorted().toList()) {
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                files.add(classify(folder, file));
            }
        }
        checkVersions(files);
        checkComplete(files);
        return files;
    }

    /** Returns the role a file name has in a component's folder, if the convention gives it one. */
    public static Optional<ArtifactRole> roleOf(String component, String fileName) {
        return switch (component) {
            case "k3s" -> k3sRole(fileName);
            case "linkerd" -> linkerdRole(fileName);
            case "rancher-agent" -> imageArchive(fileName, ArtifactRole.RANCHER_AGENT_IMAGES);
            case "workloads" -> imageArchive(fileName, ArtifactRole.WORKLOAD_IMAGES);
            default -> Optional.empty();
        };
    }

    private static Optional<ArtifactRole> k3sRole(String fileName) {
        if (fileName.equals("install.sh")) {
            return Optional.of(ArtifactRole.K3S_INSTALL_SCRIPT);
        }
        if (fileName.matches("sha256sum-[a-z0-9]+\\.txt")) {
            return Optional.of(ArtifactRole.K3S_CHECKSUMS);
        }
        if (fileName.startsWith("k3s-airgap-images-") && IMAGE_ARCHIVE.matcher(fileName).matches()) {
            return Optional.of(ArtifactRole.K3S_IMAGES);
        }
        return K3S_BINARY.matcher(fileName).matches() ? Optional.of(ArtifactRole.K3S_BINARY) : Optional.empty();
    }

    private static Optional<ArtifactRole> linkerdRole(String fileName) {
        if (fileName.matches("linkerd-crds-.+\\.tgz")) {
            return Optional.of(ArtifactRole.LINKERD_CRDS_CHART);
        }
        if (fileName.matches("linkerd-control-plane-.+\\.tgz")) {
            return Optional.of(ArtifactRole.LINKERD_CONTROL_PLANE_CHART);
        }
        if (fileName.matches("linkerd-multicluster-.+\\.tgz")) {
            return Optional.of(ArtifactRole.LINKERD_MULTICLUSTER_CHART);
        }
        return imageArchive(fileName, ArtifactRole.LINKERD_IMAGES);
    }

    private static Optional<ArtifactRole> imageArchive(String fileName, ArtifactRole role) {
        return IMAGE_ARCHIVE.matcher(fileName).matches() ? Optional.of(role) : Optional.empty();
    }

    private static SourceFile classify(Path folder, Path file) throws BundleException {
        String path = folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw outside(path, "is a link or special file; copy the real file in its place");
        }
        String[] segments = path.split("/");
        if (segments.length != 4) {
            throw outside(path, "is not at COMPONENT/VERSION/ARCHITECTURE/FILE");
        }
        Architecture architecture = Architecture.fromId(segments[2])
                .orElseThrow(() -> outside(path, "is in the unknown architecture folder '" + segments[2] + "'"));
        ArtifactRole role = roleOf(segments[0], segments[3])
                .orElseThrow(() -> outside(path, "is not a file the convention knows for component '" + segments[0]
                        + "'"));
        if (BundlePaths.problem(path).isPresent()) {
            throw outside(path, "has a path that cannot go in a bundle");
        }
        return new SourceFile(file, path, segments[0], segments[1], role, architecture);
    }

    private static void checkVersions(List<SourceFile> files) throws BundleException {
        Map<String, String> versions = new LinkedHashMap<>();
        for (SourceFile file : files) {
            String earlier = versions.putIfAbsent(file.component(), file.version());
            if (earlier != null && !earlier.equals(file.version())) {
                throw outside(file.path(), "is a second version of " + file.component() + " besides " + earlier
                        + "; a bundle pins one version per component");
            }
        }
    }

    /** Returns the K3s binary's upstream file name for an architecture, as K3s releases publish it. */
    static String k3sBinaryName(Architecture architecture) {
        return switch (architecture) {
            case AMD64 -> "k3s";
            case ARM64 -> "k3s-arm64";
            case ARMV7 -> "k3s-armhf";
            case ALL -> null;
        };
    }

    /**
     * Checks that a manifest entry's role and architecture are the ones its path gives by this layout, and that a
     * K3s binary carries its architecture's upstream name. A signed manifest that contradicts its own paths is
     * rejected, so a binary cannot pass as an image archive or as another architecture's binary.
     */
    static void checkConsistent(BundleArtifact artifact) throws BundleException {
        String[] parts = artifact.path().split("/");
        Optional<ArtifactRole> role = parts.length == 4 ? roleOf(parts[0], parts[3]) : Optional.empty();
        Optional<Architecture> architecture = parts.length == 4 ? Architecture.fromId(parts[2]) : Optional.empty();
        if (role.isEmpty() || role.get() != artifact.role() || architecture.isEmpty()
                || architecture.get() != artifact.architecture()) {
            throw BundleException.rejected(artifact.path(), "The bundle's manifest gives " + artifact.path()
                    + " the role " + artifact.role() + " for " + artifact.architecture().id() + ", which its path"
                    + " does not. Ask head office for a new bundle.");
        }
        String expected = k3sBinaryName(artifact.architecture());
        if (artifact.role() == ArtifactRole.K3S_BINARY && !artifact.fileName().equals(expected)) {
            throw BundleException.rejected(artifact.path(), "The bundle's " + artifact.path() + " is named as"
                    + " the K3s binary of another architecture; for " + artifact.architecture().id() + " it must be "
                    + expected + ". Ask head office for a new bundle.");
        }
    }

    private static void checkComplete(List<SourceFile> files) throws BundleException {
        for (SourceFile file : files) {
            String expected = k3sBinaryName(file.architecture());
            if (file.role() == ArtifactRole.K3S_BINARY && !file.path().endsWith("/" + expected)) {
                throw outside(file.path(), "is named as the K3s binary of another architecture; in the "
                        + file.architecture().id() + " folder it must be " + expected);
            }
        }
        Set<Architecture> k3sArchitectures = EnumSet.noneOf(Architecture.class);
        files.stream().filter(f -> f.role() == ArtifactRole.K3S_BINARY).forEach(f -> k3sArchitectures.add(
                f.architecture()));
        k3sArchitectures.retainAll(MACHINE_ARCHITECTURES);
        if (k3sArchitectures.isEmpty()) {
            throw missing("a K3s binary under k3s/VERSION/amd64, arm64 or armv7");
        }
        require(files, ArtifactRole.K3S_INSTALL_SCRIPT, null, "the K3s install script k3s/VERSION/all/install.sh");
        require(files, ArtifactRole.LINKERD_CRDS_CHART, null, "the linkerd-crds chart archive");
        require(files, ArtifactRole.LINKERD_CONTROL_PLANE_CHART, null, "the linkerd-control-plane chart archive");
        require(files, ArtifactRole.LINKERD_MULTICLUSTER_CHART, null, "the linkerd-multicluster chart archive");
        for (Architecture architecture : k3sArchitectures) {
            require(files, ArtifactRole.K3S_IMAGES, architecture, "the K3s image archive for " + architecture.id());
            require(files, ArtifactRole.LINKERD_IMAGES, architecture, "the Linkerd image archive for "
                    + architecture.id());
        }
    }

    private static void require(List<SourceFile> files, ArtifactRole role, Architecture architecture, String what)
            throws BundleException {
        boolean present = files.stream().anyMatch(f -> f.role() == role
                && (architecture == null || f.architecture() == architecture || f.architecture() == Architecture.ALL));
        if (!present) {
            throw missing(what);
        }
    }

    private static BundleException outside(String path, String problem) {
        return BundleException.unreadable(path, "The source file " + path + " " + problem + ". See"
                + " installer-bundles/README.md for the folder layout.", null);
    }

    private static BundleException missing(String what) {
        return BundleException.unreadable(null, "The source folder lacks " + what + ". See"
                + " installer-bundles/README.md for the folder layout.", null);
    }
}
