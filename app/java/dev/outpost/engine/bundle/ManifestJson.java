package dev.outpost.engine.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code manifest.json}, whose shape is described in {@code installer-bundles/README.md}. A change
 * that removes or renames a field raises {@link BundleManifest#SCHEMA_VERSION}. A manifest with a schema version this
 * Outpost does not know is rejected before anything else in it is read.
 */
public final class ManifestJson {

    /** The largest manifest Outpost reads; a real one is a few kilobytes. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final String NAME = BundleManifest.FILE_NAME;

    /** Strict on reading: a duplicated key or anything after the JSON object rejects the manifest. */
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Writes the manifest as UTF-8 JSON; these are the exact bytes that get signed. */
    public byte[] write(BundleManifest manifest) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", BundleManifest.SCHEMA_VERSION);
        root.put("kind", "outpost.bundle");
        root.put("name", manifest.name());
        root.put("createdAt", manifest.createdAt().toString());
        root.put("signingKey", manifest.signingKey());
        ArrayNode components = root.putArray("components");
        manifest.components().forEach(c -> components.addObject().put("name", c.name()).put("version", c.version()));
        ArrayNode artifacts = root.putArray("artifacts");
        for (BundleArtifact artifact : manifest.artifacts()) {
            artifacts.addObject()
                    .put("path", artifact.path())
                    .put("role", artifact.role().id())
                    .put("architecture", artifact.architecture().id())
                    .put("size", artifact.size())
                    .put("sha256", artifact.sha256());
        }
        try {
            return (mapper.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The manifest could not be written as JSON.", e);
        }
    }

    /**
     * Parses a manifest and checks every field.
     *
     * @throws BundleException (rejected) for an unknown schema version, a missing or invalid field, an unsafe or
     *                         duplicate path
     */
    public BundleManifest read(byte[] bytes) throws BundleException {
        JsonNode root = parse(bytes);
        checkSchemaVersion(root);
        String name = text(root, "name");
        Instant createdAt = instant(root, "createdAt");
        String signingKey = root.path("signingKey").asText("");
        List<BundleComponent> components = new ArrayList<>();
        for (JsonNode node : array(root, "components")) {
            components.add(new BundleComponent(text(node, "name"), text(node, "version")));
        }
        List<BundleArtifact> artifacts = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (JsonNode node : array(root, "artifacts")) {
            BundleArtifact artifact = artifact(node);
            if (!paths.add(artifact.path())) {
                throw BundleException.rejected(artifact.path(), "The manifest lists " + artifact.path() + " twice."
                        + " Rebuild the bundle with 'outpost bundle create'.");
            }
            artifacts.add(artifact);
        }
        return new BundleManifest(name, createdAt, signingKey, components, artifacts);
    }

    /** Reads only the fingerprint of the signing key, for the message about an untrusted signer; never throws. */
    String signingKeyOrEmpty(byte[] bytes) {
        try {
            return mapper.readTree(bytes).path("signingKey").asText("");
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    private JsonNode parse(byte[] bytes) throws BundleException {
        try {
            JsonNode root = mapper.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw invalid("is not a JSON object");
            }
            return root;
        } catch (java.io.IOException e) {
            throw new BundleException(BundleException.Kind.REJECTED, NAME, "The bundle's " + NAME + " is not valid"
                    + " JSON. Ask head office for a new bundle.", e);
        }
    }

    private static void checkSchemaVersion(JsonNode root) throws BundleException {
        JsonNode version = root.get("schemaVersion");
        if (version == null) {
            throw invalid("has no schemaVersion");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw invalid("has a schemaVersion that is not a whole number");
        }
        if (version.asInt() != BundleManifest.SCHEMA_VERSION) {
            throw BundleException.rejected(NAME, "The bundle's manifest has schema version " + version.asInt()
                    + ", but this Outpost reads only version " + BundleManifest.SCHEMA_VERSION + ". Use the Outpost"
                    + " release that head office ships with this bundle.");
        }
    }

    private static BundleArtifact artifact(JsonNode node) throws BundleException {
        String path = text(node, "path");
        String problem = BundlePaths.problem(path).orElse(null);
        if (problem != null || path.equals(NAME) || path.equals(BundleManifest.SIGNATURE_FILE_NAME)) {
            throw BundleException.rejected(path, "The manifest's artifact " + path + " "
                    + (problem == null ? "reuses a reserved name" : problem) + ". Ask head office for a new bundle.");
        }
        ArtifactRole role = ArtifactRole.fromId(text(node, "role"))
                .orElseThrow(() -> invalid("gives " + path + " the unknown role '" + node.path("role").asText() + "'"));
        Architecture architecture = Architecture.fromId(text(node, "architecture"))
                .orElseThrow(() -> invalid("gives " + path + " the unknown architecture '"
                        + node.path("architecture").asText() + "'"));
        JsonNode size = node.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw invalid("gives " + path + " no valid size");
        }
        String sha256 = text(node, "sha256");
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw invalid("gives " + path + " a SHA-256 that is not 64 lower-case hex digits");
        }
        return new BundleArtifact(path, role, architecture, size.asLong(), sha256);
    }

    private static String text(JsonNode node, String field) throws BundleException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid("has no " + field);
        }
        return value.asText();
    }

    private static Instant instant(JsonNode node, String field) throws BundleException {
        try {
            return Instant.parse(text(node, field));
        } catch (DateTimeParseException e) {
            throw invalid("has a " + field + " that is not an ISO-8601 instant");
        }
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) throws BundleException {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw invalid("has no " + field + " list");
        }
        return value;
    }

    private static BundleException invalid(String what) {
        return BundleException.rejected(NAME, "The bundle's " + NAME + " " + what + ". Ask head office for a new"
                + " bundle.");
    }
}
