package dev.outpost.engine.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every recipe in installer-bundles names paths that {@code bundle create}'s folder layout accepts. */
class BundleRecipeTest {

    static Stream<Path> recipes() throws IOException {
        return Files.list(Path.of("installer-bundles")).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void recipePathsFollowLayout(Path recipe) throws IOException {
        JsonNode root = new ObjectMapper().readTree(recipe.toFile());

        assertThat(root.get("schemaVersion").asInt()).isEqualTo(1);
        for (JsonNode artifact : root.get("artifacts")) {
            String path = artifact.get("path").asText();
            String[] segments = path.split("/");
            assertThat(segments).as(path).hasSize(4);
            assertThat(Architecture.fromId(segments[2])).as(path).isPresent();
            assertThat(BundleLayout.roleOf(segments[0], segments[3])).as(path).isPresent();
            assertThat(BundlePaths.problem(path)).as(path).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void standInsExist(Path recipe) throws IOException {
        JsonNode root = new ObjectMapper().readTree(recipe.toFile());

        for (JsonNode artifact : root.get("artifacts")) {
            String from = artifact.get("from").asText();
            if (from.startsWith("stand-in:")) {
                assertThat(BundleFixtures.STAND_INS.resolve(from.substring("stand-in:".length()))).isRegularFile();
            }
        }
    }
}
