package dev.outpost.ui.common;

import dev.outpost.engine.discovery.DiscoveredGateway;
import dev.outpost.engine.discovery.DiscoveryResult;
import dev.outpost.engine.discovery.DiscoverySettings;
import dev.outpost.engine.discovery.GatewayDiscovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Searches the laptop's cable with the engine, with the settings kept in Outpost's data folder. */
public final class EngineGatewayFinder implements GatewayFinder {

    private static final Logger log = LoggerFactory.getLogger(EngineGatewayFinder.class);

    private final Path dataFolder;
    private final DiscoverySettings loaded;

    /** Reads the settings from the data folder; blocks briefly. An unreadable file gives the defaults. */
    public EngineGatewayFinder(Path dataFolder) {
        this(dataFolder, loadSettings(dataFolder));
    }

    /** Starts from the given settings instead of those saved in the data folder, where changes are saved. */
    public EngineGatewayFinder(Path dataFolder, DiscoverySettings settings) {
        this.dataFolder = dataFolder;
        this.loaded = settings;
    }

    private static DiscoverySettings loadSettings(Path dataFolder) {
        DiscoverySettings settings;
        try {
            settings = DiscoverySettings.load(dataFolder);
        } catch (IOException | RuntimeException e) {
            log.warn("The discovery settings in {} could not be read, so Outpost uses the defaults.", dataFolder, e);
            settings = DiscoverySettings.applyOverride(DiscoverySettings.defaults(),
                    System.getProperty(DiscoverySettings.OVERRIDE_PROPERTY));
        }
        return settings;
    }

    @Override
    public DiscoverySettings settings() {
        return loaded;
    }

    @Override
    public void save(DiscoverySettings settings) throws IOException {
        settings.save(dataFolder);
    }

    @Override
    public DiscoveryResult search(DiscoverySettings settings, Consumer<DiscoveredGateway> found,
            BooleanSupplier cancelled) throws Exception {
        return new GatewayDiscovery(settings).search(found, cancelled);
    }
}
