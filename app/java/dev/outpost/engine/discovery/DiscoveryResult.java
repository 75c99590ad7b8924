package dev.outpost.engine.discovery;

import java.util.List;

/**
 * What one search of the laptop's cable found.
 *
 * @param gateways          the gateways found, in a stable order (by name, then address)
 * @param interfacesSearched the laptop interfaces that were searched
 * @param notes             plain sentences about what was not searched and why, for the page and the log
 */
public record DiscoveryResult(List<DiscoveredGateway> gateways, List<String> interfacesSearched, List<String> notes) {

    public DiscoveryResult {
        gateways = List.copyOf(gateways);
        interfacesSearched = List.copyOf(interfacesSearched);
        notes = List.copyOf(notes);
    }
}
