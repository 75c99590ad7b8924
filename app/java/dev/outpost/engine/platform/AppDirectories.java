package dev.outpost.engine.platform;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The per-user folders of Outpost on each operating system: settings and the known-hosts file in the data
 * folder, logs in the log folder. The system property {@code outpost.home} puts both under one folder instead, for
 * tests and portable installs.
 *
 * @param data the folder for settings, trusted host keys and state
 * @param logs the folder for log files
 */
public record AppDirectories(Path data, Path logs) {

    public static final String HOME_PROPERTY = "outpost.home";

    /** Returns the folders for this user on this operating system. */
    public static AppDirectories forCurrentUser() {
        return resolve(System.getProperty("os.name", ""), System.getProperty("user.home", "."), System.getenv(),
                System.getProperty(HOME_PROPERTY));
    }

    /**
     * Resolves the folders: Windows uses {@code %LOCALAPPDATA%\Outpost}, macOS
     * {@code ~/Library/Application Support/Outpost} and {@code ~/Library/Logs/Outpost}, and Linux follows the XDG
     * base directories ({@code ~/.local/share/outpost} and {@code ~/.local/state/outpost/logs}).
     */
    static AppDirectories resolve(String osName, String userHome, Map<String, String> env, String override) {
        if (override != null && !override.isBlank()) {
            Path home = Path.of(override);
            return new AppDirectories(home, home.resolve("logs"));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        Path home = Path.of(userHome);
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            Path base = local == null || local.isBlank() ? home.resolve("AppData").resolve("Local") : Path.of(local);
            Path data = base.resolve("Outpost");
            return new AppDirectories(data, data.resolve("logs"));
        }
        if (os.startsWith("mac")) {
            Path library = home.resolve("Library");
            return new AppDirectories(library.resolve("Application Support").resolve("Outpost"),
                    library.resolve("Logs").resolve("Outpost"));
        }
        Path data = xdg(env, "XDG_DATA_HOME", home.resolve(".local").resolve("share")).resolve("outpost");
        Path state = xdg(env, "XDG_STATE_HOME", home.resolve(".local").resolve("state")).resolve("outpost");
        return new AppDirectories(data, state.resolve("logs"));
    }

    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() || !Path.of(value).isAbsolute() ? fallback : Path.of(value);
    }

    public Path knownHosts() {
        return data.resolve("known_hosts");
    }

    /** The folder that keeps the laptop's copy of each gateway's install journal. */
    public Path installJournals() {
        return data.resolve("journals");
    }
}
