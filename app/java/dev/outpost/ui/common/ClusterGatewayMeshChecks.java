package dev.outpost.ui.common;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.cluster.ClusterAccess;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.cluster.ServiceMirrorProbe;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.install.GatewayPaths;
import dev.outpost.engine.mesh.MeshChecks;
import dev.outpost.engine.mesh.SiteExpectation;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The wizard's mesh checks over the engine, through an SSH tunnel to the site cluster's API. */
public final class ClusterGatewayMeshChecks implements GatewayMeshChecks {

    private final Clock clock;

    public ClusterGatewayMeshChecks(Clock clock) {
        this.clock = clock;
    }

    /** Blocks; never called on the FX thread. */
    @Override
    public Optional<List<CheckResult>> run(GatewayConnection connection, Optional<SiteExpectation> expected)
            throws GatewayException, ClusterException {
        try (ClusterAccess cluster = ClusterAccess.open(connection.session(), GatewayPaths.KUBECONFIG)) {
            Optional<SiteExpectation> site = expected.isPresent() ? expected : SiteExpectation.read(cluster.client());
            return site.map(s -> new MeshChecks(cluster.client(), clock,
                    new ServiceMirrorProbe(connection.session())).run(s));
        } catch (KubernetesClientException e) {
            throw new ClusterException("The site cluster did not respond. Check that K3s is running on the gateway,"
                    + " then choose Check again.", e);
        }
    }
}
