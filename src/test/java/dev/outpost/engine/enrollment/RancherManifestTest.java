package dev.outpost.engine.enrollment;

import dev.outpost.testing.TestMeshPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RancherManifestTest {

    @TempDir
    Path dir;

    @Test
    void readsServerAndChecksum() throws Exception {
        Path file = TestMeshPki.writeRancherManifest(dir.resolve("import.yaml"));

        RancherRegistration registration = RancherManifest.read(file);

        assertThat(registration.serverUrl()).isEqualTo(TestMeshPki.RANCHER_URL);
        assertThat(registration.caChecksum()).isEqualTo(TestMeshPki.RANCHER_CA_CHECKSUM);
        assertThat(registration.manifestYaml()).isEqualTo(Files.readString(file));
        assertThat(registration.toString()).doesNotContain("cattle-credentials");
    }

    @Test
    void blankServerIsRejected() throws Exception {
        Path file = Files.writeString(dir.resolve("import.yaml"),
                TestMeshPki.rancherManifestYaml().replace(TestMeshPki.RANCHER_URL, ""));

        assertThatThrownBy(() -> RancherManifest.read(file))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("no https CATTLE_SERVER");
    }

    @Test
    void badChecksumIsRejected() throws Exception {
        Path file = Files.writeString(dir.resolve("import.yaml"),
                TestMeshPki.rancherManifestYaml().replace(TestMeshPki.RANCHER_CA_CHECKSUM, "abc"));

        assertThatThrownBy(() -> RancherManifest.read(file))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("CATTLE_CA_CHECKSUM");
    }

    @Test
    void manifestWithoutAgentIsRejected() throws Exception {
        Path file = Files.writeString(dir.resolve("import.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: cattle-system
                """);

        assertThatThrownBy(() -> RancherManifest.read(file))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("no cattle-cluster-agent Deployment");
    }
}
