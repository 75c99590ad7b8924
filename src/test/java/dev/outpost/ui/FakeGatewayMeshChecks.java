package dev.outpost.ui;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.checks.CheckStatus;
import dev.outpost.engine.checks.Severity;
import dev.outpost.engine.mesh.SiteExpectation;
import dev.outpost.ui.common.GatewayConnection;
import dev.outpost.ui.common.GatewayMeshChecks;

import java.util.List;
import java.util.Optional;

/**
 * Test double of {@link GatewayMeshChecks}: no cluster, but the results a joined site gives while it waits for head
 * office, or no results for a site that has not joined.
 */
public final class FakeGatewayMeshChecks implements GatewayMeshChecks {

    private volatile Optional<List<CheckResult>> results = Optional.of(waitingForHeadOffice());

    /** Makes the next runs report a site that has not joined. */
    public FakeGatewayMeshChecks notJoined() {
        results = Optional.empty();
        return this;
    }

    @Override
    public Optional<List<CheckResult>> run(GatewayConnection connection, Optional<SiteExpectation> expected) {
        return results;
    }

    /** Returns the mesh checks of a joined site whose link and Rancher agent wait for the connection to head office. */
    public static List<CheckResult> waitingForHeadOffice() {
        return List.of(
                passed("mesh.trust-anchor", "The site trusts the mesh's trust anchor",
                        "The site's Linkerd trusts the same anchor as head office."),
                passed("mesh.issuer", "The site's identity issuer is valid",
                        "The issuer chains to the trust anchor and is valid until 4 December 2027 (365 days)."),
                passed("mesh.control-plane", "The Linkerd control plane is running",
                        "Identity, destination and the proxy injector are running."),
                passed("mesh.proxy-injector", "New workloads join the mesh automatically",
                        "Linkerd's proxy injector is registered with the cluster."),
                passed("mesh.link", "The site is linked to central", "The link and its service mirror are in place."),
                new CheckResult("mesh.central-gateway", Severity.INFO, CheckStatus.UNKNOWN,
                        "Head office's mesh gateway answers", "Waiting for the connection to head office. The site"
                        + " has not reached central's gateway yet.", "Nothing to do at the site. Once the site's"
                        + " network reaches head office, the link connects on its own.", "gateway_alive 0"),
                new CheckResult("mesh.rancher", Severity.INFO, CheckStatus.UNKNOWN, "Rancher manages the site",
                        "Waiting for the connection to head office. The Rancher agent is installed and waiting.",
                        "Nothing to do at the site. Once the site's network reaches Rancher, the agent connects.",
                        "agent installed, not connected"),
                passed("mesh.site-labels", "The site carries its labels", "The node carries the site's 2 labels."));
    }

    private static CheckResult passed(String id, String title, String explanation) {
        return new CheckResult(id, Severity.BLOCKER, CheckStatus.PASSED, title, explanation, null, "ok");
    }
}
