package dev.outpost.ui.common;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.mesh.SiteExpectation;

import java.util.List;
import java.util.Optional;

/**
 * The engine call the verify page makes: run the mesh checks of the site over the open connection. The composition
 * root passes the engine's implementation, and tests use a test double.
 */
public interface GatewayMeshChecks {

    /**
     * Runs the mesh checks. Blocks, so it is never called on the FX thread.
     *
     * @param expected what the site should look like, from the enrollment; empty to read it from the site's record
     *                 in the cluster
     * @return the results, or empty when the site has not joined the mesh
     * @throws GatewayException when the connection failed
     * @throws ClusterException when the site cluster cannot be reached
     */
    Optional<List<CheckResult>> run(GatewayConnection connection, Optional<SiteExpectation> expected)
            throws GatewayException, ClusterException;
}
