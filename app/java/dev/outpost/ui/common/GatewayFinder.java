package dev.outpost.ui.common;

import dev.outpost.engine.discovery.DiscoveredGateway;
import dev.outpost.engine.discovery.DiscoveryResult;
import dev.outpost.engine.discovery.DiscoverySettings;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** The search for gateways on the laptop's cable, as the connect page uses it. */
public interface GatewayFinder {

    /** Returns the saved discovery settings. Called on the FX thread; does not block. */
    DiscoverySettings settings();

    /** Saves the settings for this and later runs of the wizard. Blocks briefly; called on a worker thread. */
    void save(DiscoverySettings settings) throws IOException;

    /**
     * Searches once, within the bounds of the settings. Blocks; called on a worker thread.
     *
     * @param found     receives each gateway as it is found, on the worker thread
     * @param cancelled returns true when the search should stop early
     */
    DiscoveryResult search(DiscoverySettings settings, Consumer<DiscoveredGateway> found, BooleanSupplier cancelled)
            throws Exception;
}
