package dev.outpost.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the package profile's checks ({@code ./mvnw -Ppackage validate}) with a bad version and with a missing
 * icon, and once with good inputs to show the checks pass when nothing is wrong. The first run on a machine may
 * fetch the profile's plugins from Maven Central.
 */
class InstallerInputsIT {

    private record MavenRun(int exitCode, String output) {
    }

    @Test
    void goodInputsPassValidation() throws Exception {
        MavenRun run = validate("-Dinstaller.version=1.4.2");

        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void nonNumericVersionFailsBuild() throws Exception {
        MavenRun run = validate("-Dinstaller.version=1.0-beta");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("The installer version \"1.0-beta\" is not numeric.");
        assertThat(run.output()).contains("pass -Dinstaller.version=1.4.2");
    }

    @Test
    void missingIconFailsBuild() throws Exception {
        MavenRun run = validate("-Dinstaller.version=1.4.2", "-Dinstaller.icon=icons/no-such-icon.png");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("The installer icon icons/no-such-icon.png is missing.");
        assertThat(run.output()).contains("Run icons/generate.sh");
    }

    private static MavenRun validate(String... properties) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of("mvnw").toAbsolutePath().toString(),
                "--batch-mode", "-Ppackage", "validate"));
        command.addAll(List.of(properties));
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).start();
        maven.getOutputStream().close();
        String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("Maven finished").isTrue();
        return new MavenRun(maven.exitValue(), output);
    }
}
