package dev.outpost.engine.discovery;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Whether and where Outpost looks for gateways on the laptop's cable. Kept in {@code settings.properties} in
 * Outpost's data folder as {@code discovery.enabled} and {@code discovery.interfaces} (a comma-separated list of
 * interface names; empty means every eligible interface). The system property {@code outpost.discovery} overrides
 * the file: {@code off}, or a comma-separated list of interface names. Tests set it to {@code off}, so that nothing
 * searches the machine's own interfaces unless a test names one it made.
 *
 * @param enabled    whether the connect page searches at all
 * @param interfaces the interface names to search; empty for every eligible interface
 * @param window     how long one search listens for answers
 * @param maxProbes  the most addresses one search connects to, over all interfaces
 */
public record DiscoverySettings(boolean enabled, List<String> interfaces, Duration window, int maxProbes) {

    public static final String FILE_NAME = "settings.properties";
    public static final String OVERRIDE_PROPERTY = "outpost.discovery";
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(3);
    public static final int DEFAULT_MAX_PROBES = 32;
    static final String ENABLED_KEY = "discovery.enabled";
    static final String INTERFACES_KEY = "discovery.interfaces";

    public DiscoverySettings {
        interfaces = List.copyOf(interfaces);
        if (window.isNegative() || window.isZero() || maxProbes < 1) {
            throw new IllegalArgumentException("A search needs a positive window and at least one probe.");
        }
    }

    /** Searches every eligible interface with the default bounds. */
    public static DiscoverySettings defaults() {
        return new DiscoverySettings(true, List.of(), DEFAULT_WINDOW, DEFAULT_MAX_PROBES);
    }

    /** Searches only the named interfaces with the default bounds. */
    public static DiscoverySettings onInterfaces(List<String> names) {
        return new DiscoverySettings(true, names, DEFAULT_WINDOW, DEFAULT_MAX_PROBES);
    }

    /** Searches nothing. */
    public static DiscoverySettings off() {
        return new DiscoverySettings(false, List.of(), DEFAULT_WINDOW, DEFAULT_MAX_PROBES);
    }

    public DiscoverySettings withEnabled(boolean on) {
        return new DiscoverySettings(on, interfaces, window, maxProbes);
    }

    /**
     * Reads the settings from the data folder, then applies the system property. A missing file gives the
     * defaults; an unreadable one is reported as an {@link IOException} with its path.
     */
    public static DiscoverySettings load(Path dataFolder) throws IOException {
        DiscoverySettings fromFile = defaults();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(dataFolder.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
            properties.load(reader);
            boolean enabled = !"false".equalsIgnoreCase(properties.getProperty(ENABLED_KEY, "true").strip());
            fromFile = new DiscoverySettings(enabled, names(properties.getProperty(INTERFACES_KEY, "")),
                    DEFAULT_WINDOW, DEFAULT_MAX_PROBES);
        } catch (NoSuchFileException e) {
            // No settings saved yet: the defaults stand.
        }
        return applyOverride(fromFile, System.getProperty(OVERRIDE_PROPERTY));
    }

    public static DiscoverySettings applyOverride(DiscoverySettings settings, String override) {
        if (override == null || override.isBlank()) {
            return settings;
        }
        if ("off".equalsIgnoreCase(override.strip())) {
            return off();
        }
        return new DiscoverySettings(true, names(override), settings.window(), settings.maxProbes());
    }

    /**
     * Writes these settings into the data folder's settings file, keeping any other keys in it. The file is
     * replaced in one step, so a crash leaves the old one.
     */
    public void save(Path dataFolder) throws IOException {
        Path file = dataFolder.resolve(FILE_NAME);
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        properties.setProperty(ENABLED_KEY, Boolean.toString(enabled));
        properties.setProperty(INTERFACES_KEY, String.join(",", interfaces));
        Files.createDirectories(dataFolder);
        Path temporary = Files.createTempFile(dataFolder, FILE_NAME, ".new");
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(writer, "Outpost settings");
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static List<String> names(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }
}
