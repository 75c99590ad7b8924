package dev.outpost.engine.platform;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppDirectoriesTest {

    @Test
    void windowsUsesLocalAppData() {
        AppDirectories dirs = AppDirectories.resolve("Windows 11", "C:\\Users\\sam",
                Map.of("LOCALAPPDATA", "/c/Users/sam/AppData/Local"), null);

        assertThat(dirs.data()).isEqualTo(Path.of("/c/Users/sam/AppData/Local", "Outpost"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/c/Users/sam/AppData/Local", "Outpost", "logs"));
        assertThat(dirs.knownHosts()).isEqualTo(Path.of("/c/Users/sam/AppData/Local", "Outpost", "known_hosts"));
    }

    @Test
    void macUsesLibraryFolders() {
        AppDirectories dirs = AppDirectories.resolve("Mac OS X", "/Users/sam", Map.of(), null);

        assertThat(dirs.data()).isEqualTo(Path.of("/Users/sam/Library/Application Support/Outpost"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/Users/sam/Library/Logs/Outpost"));
    }

    @Test
    void linuxFollowsXdgVariables() {
        AppDirectories dirs = AppDirectories.resolve("Linux", "/home/sam",
                Map.of("XDG_DATA_HOME", "/data/sam", "XDG_STATE_HOME", "/state/sam"), null);

        assertThat(dirs.data()).isEqualTo(Path.of("/data/sam/outpost"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/state/sam/outpost/logs"));
    }

    @Test
    void linuxIgnoresRelativeXdgVariables() {
        AppDirectories dirs = AppDirectories.resolve("Linux", "/home/sam", Map.of("XDG_DATA_HOME", "data"), null);

        assertThat(dirs.data()).isEqualTo(Path.of("/home/sam/.local/share/outpost"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/home/sam/.local/state/outpost/logs"));
    }

    @Test
    void overridePutsEverythingInOneFolder() {
        AppDirectories dirs = AppDirectories.resolve("Linux", "/home/sam", Map.of(), "/tmp/outpost-test");

        assertThat(dirs.data()).isEqualTo(Path.of("/tmp/outpost-test"));
        assertThat(dirs.logs()).isEqualTo(Path.of("/tmp/outpost-test/logs"));
    }
}
