package dev.outpost.engine.enrollment;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the registration manifest that Rancher serves for importing a cluster (from {@code /v3/import/...yaml}, or
 * saved from "Import Existing" in Rancher's UI) into a {@link RancherRegistration}. The server address and CA checksum
 * come from the {@code cattle-cluster-agent} Deployment's {@code CATTLE_SERVER} and {@code CATTLE_CA_CHECKSUM}
 * environment values. The manifest contains the registration token, so it is never logged.
 */
public final class RancherManifest {

    static final String AGENT = "cattle-cluster-agent";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private RancherManifest() {
    }

    /**
     * Reads and checks the manifest.
     *
     * @throws EnrollmentException (invalid request) when the file is missing, not a manifest, has no
     *                             {@code cattle-cluster-agent} Deployment, no https {@code CATTLE_SERVER}, or a
     *                             {@code CATTLE_CA_CHECKSUM} that is not 64 hex digits
     */
    public static RancherRegistration read(Path file) throws EnrollmentException {
        String yaml = readSmall(file);
        List<HasMetadata> resources;
        try {
            Object parsed = new KubernetesSerialization().unmarshal(yaml);
            resources = parsed instanceof List<?> list
                    ? list.stream().filter(HasMetadata.class::isInstance).map(HasMetadata.class::cast).toList()
                    : parsed instanceof HasMetadata one ? List.of(one) : List.of();
        } catch (RuntimeException e) {
            // The parser's message may quote the manifest, which contains the registration token.
            throw invalid("The file " + file + " is not a Kubernetes manifest; save the registration manifest from"
                    + " Rancher's Import Existing page and pass it with --rancher-manifest.");
        }
        Container agent = resources.stream()
                .filter(r -> r instanceof Deployment && AGENT.equals(r.getMetadata().getName()))
                .map(r -> ((Deployment) r).getSpec().getTemplate().getSpec().getContainers())
                .flatMap(List::stream)
                .findFirst()
                .orElseThrow(() -> invalid("The Rancher manifest " + file + " has no " + AGENT + " Deployment; save"
                        + " the registration manifest from Rancher's Import Existing page."));
        String server = env(agent, "CATTLE_SERVER").orElse("");
        if (!server.toLowerCase(Locale.ROOT).startsWith("https://")) {
            throw invalid("The Rancher manifest " + file + " has no https CATTLE_SERVER address; set Rancher's"
                    + " server-url setting and save the registration manifest again.");
        }
        String checksum = env(agent, "CATTLE_CA_CHECKSUM").orElse("");
        if (!checksum.isEmpty() && !SHA256_HEX.matcher(checksum).matches()) {
            throw invalid("The Rancher manifest " + file + " has a CATTLE_CA_CHECKSUM that is not a SHA-256 in hex;"
                    + " save the registration manifest from Rancher again.");
        }
        return new RancherRegistration(server.replaceAll("/+$", ""), checksum.toLowerCase(Locale.ROOT), yaml);
    }

    private static Optional<String> env(Container container, String name) {
        return Optional.ofNullable(container.getEnv()).orElse(List.of()).stream()
                .filter(e -> name.equals(e.getName()))
                .map(EnvVar::getValue)
                .filter(v -> v != null)
                .map(String::strip)
                .findFirst();
    }

    private static String readSmall(Path file) throws EnrollmentException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw invalid("The file " + file + " is too large to be a Rancher registration manifest; choose the"
                        + " manifest Rancher serves for importing a cluster.");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw invalid("The Rancher manifest " + file + " does not exist; check the path given with"
                    + " --rancher-manifest.");
        } catch (IOException e) {
            throw invalid("The Rancher manifest " + file + " could not be read (" + e.getMessage() + "); check"
                    + " the path and the file's permissions.");
        }
    }

    private static EnrollmentException invalid(String message) {
        return new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, message);
    }
}
