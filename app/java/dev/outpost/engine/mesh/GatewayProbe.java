package dev.outpost.engine.mesh;

import java.util.Optional;

/**
 * Reads the metrics of the site's service mirror, whose {@code gateway_alive} gauge shows whether the central
 * multicluster gateway answers its probes. The pod's admin port is reached from the gateway, where pod addresses
 * route.
 */
@FunctionalInterface
public interface GatewayProbe {

    /** A probe that never reaches the service mirror, for when no connection to the gateway is open. */
    GatewayProbe NONE = podAddress -> Optional.empty();

    /** Returns the service mirror's metrics text, or empty when it could not be read. Blocks. */
    Optional<String> metrics(String podAddress);
}
