package dev.outpost.engine.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoverySettingsTest {

    @TempDir
    Path data;

    @Test
    void defaultsWithoutFile() throws IOException {
        DiscoverySettings settings = DiscoverySettings.applyOverride(readFile(), null);

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.interfaces()).isEmpty();
        assertThat(settings.window()).isEqualTo(DiscoverySettings.DEFAULT_WINDOW);
    }

    @Test
    void saveKeepsOtherKeys() throws IOException {
        Files.writeString(data.resolve(DiscoverySettings.FILE_NAME), "wizard.theme=light\n");

        new DiscoverySettings(false, List.of("eth1", "en5"), DiscoverySettings.DEFAULT_WINDOW, 8).save(data);

        DiscoverySettings read = readFile();
        assertThat(read.enabled()).isFalse();
        assertThat(read.interfaces()).containsExactly("eth1", "en5");
        assertThat(Files.readString(data.resolve(DiscoverySettings.FILE_NAME))).contains("wizard.theme=light");
        try (var files = Files.list(data)) {
            assertThat(files).as("no temporary file is left").hasSize(1);
        }
    }

    @Test
    void overrideOffOrInterfaces() {
        DiscoverySettings on = DiscoverySettings.defaults();

        assertThat(DiscoverySettings.applyOverride(on, "off").enabled()).isFalse();
        assertThat(DiscoverySettings.applyOverride(on.withEnabled(false), " op-ll-3 , op-ll-4 ").interfaces())
                .containsExactly("op-ll-3", "op-ll-4");
        assertThat(DiscoverySettings.applyOverride(on.withEnabled(false), "op-ll-3").enabled()).isTrue();
        assertThat(DiscoverySettings.applyOverride(on, " ")).isEqualTo(on);
    }

    @Test
    void loadAppliesTestOverride() throws IOException {
        assertThat(System.getProperty(DiscoverySettings.OVERRIDE_PROPERTY)).isEqualTo("off");

        assertThat(DiscoverySettings.load(data).enabled()).isFalse();
    }

    /** Reads only the file, without the test run's system property. */
    private DiscoverySettings readFile() throws IOException {
        String override = System.clearProperty(DiscoverySettings.OVERRIDE_PROPERTY);
        try {
            return DiscoverySettings.load(data);
        } finally {
            if (override != null) {
                System.setProperty(DiscoverySettings.OVERRIDE_PROPERTY, override);
            }
        }
    }
}
