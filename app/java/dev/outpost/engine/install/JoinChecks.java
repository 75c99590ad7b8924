package dev.outpost.engine.install;

import dev.outpost.engine.bundle.ArtifactRole;
import dev.outpost.engine.bundle.BundleManifest;
import dev.outpost.engine.cluster.ClusterAccess;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.enrollment.EnrollmentFinding;
import dev.outpost.engine.enrollment.EnrollmentReview;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.mesh.TrustRoots;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the check step verifies before an enrolled site changes anything: that the gateway is this site's, that its
 * clock lies inside the enrollment's certificates, that a cluster already there trusts the same anchor, and that
 * the bundle carries Linkerd.
 */
final class JoinChecks {

    private static final Logger log = LoggerFactory.getLogger(JoinChecks.class);
    private static final String UNCHANGED = " Nothing was changed.";

    private JoinChecks() {
    }

    /**
     * Refuses the join when any of the site checks fails. Blocks.
     *
     * @param previousSite    the site the gateway's journal names, or {@code null} on a bare gateway
     * @param gatewayNow      the gateway's clock, or {@code null} when it could not be read
     * @param clusterMayExist whether Outpost installed K3s here before, so the cluster may already run Linkerd
     */
    static void check(GatewaySession session, MeshJoin join, String previousSite, Instant gatewayNow,
            boolean clusterMayExist) throws InstallException, GatewayException {
        SiteEnrollment enrollment = join.enrollment();
        if (previousSite != null && !previousSite.equals(enrollment.siteId())) {
            throw new InstallException("This gateway was installed as the site " + previousSite + ", but the"
                    + " enrollment is for " + enrollment.siteId() + ". Use the enrollment file for " + previousSite
                    + ", or uninstall first if the gateway has moved to another site." + UNCHANGED);
        }
        if (gatewayNow == null) {
            throw new InstallException("The gateway's clock could not be read, so its certificates cannot be"
                    + " checked. Check that the gateway has the date command, then run again." + UNCHANGED);
        }
        for (EnrollmentFinding finding : EnrollmentReview.clock(enrollment, gatewayNow)) {
            if (finding.isBlocker()) {
                throw new InstallException(finding.message() + UNCHANGED);
            }
        }
        for (EnrollmentFinding finding : EnrollmentReview.review(enrollment, gatewayNow)) {
            if (finding.isBlocker() && !finding.id().equals("file-expired")) {
                throw new InstallException(finding.message() + UNCHANGED);
            }
        }
        if (clusterMayExist) {
            checkTrustAnchor(session, enrollment);
        }
    }

    /** Refuses an enrollment whose trust anchor differs from the one the site's cluster already trusts. */
    private static void checkTrustAnchor(GatewaySession session, SiteEnrollment enrollment) throws InstallException,
            GatewayException {
        try (ClusterAccess cluster = ClusterAccess.open(session, GatewayPaths.KUBECONFIG)) {
            String present = TrustRoots.read(cluster.client()).orElse(null);
            if (present != null && !TrustRoots.same(present, enrollment.trustAnchorPem())) {
                throw new InstallException("Linkerd on this gateway already trusts a different trust anchor than"
                        + " the enrollment's, so the site could not talk to the central mesh and its workloads"
                        + " would lose their identities. Ask head office whether the enrollment is for this"
                        + " mesh; to move the site to a new mesh, uninstall first." + UNCHANGED);
            }
        } catch (ClusterException | KubernetesClientException e) {
            log.info("The site cluster could not be read before joining, so its trust anchor is checked when"
                    + " Linkerd installs: {}", e.getMessage());
        }
    }

    /** Reads {@code date -u +%s}'s output, or returns {@code null}. */
    static Instant epochSeconds(String line) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(line.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Returns the three Linkerd chart archives' file names, in install order. */
    static List<String> chartFiles(List<ArtifactPlacement> placements) throws InstallException {
        List<String> files = new ArrayList<>();
        for (ArtifactRole role : List.of(ArtifactRole.LINKERD_CRDS_CHART, ArtifactRole.LINKERD_CONTROL_PLANE_CHART,
                ArtifactRole.LINKERD_MULTICLUSTER_CHART)) {
            files.add(placements.stream().filter(p -> p.artifact().role() == role)
                    .map(p -> p.artifact().fileName()).findFirst()
                    .orElseThrow(() -> new InstallException("This bundle has no " + role.name().toLowerCase()
                            .replace('_', ' ') + ", which joining the mesh needs. Ask head office for a bundle"
                            + " with Linkerd." + UNCHANGED)));
        }
        return files;
    }

    static String linkerdVersion(BundleManifest manifest) throws InstallException {
        return manifest.version("linkerd").orElseThrow(() -> new InstallException("This bundle names no Linkerd"
                + " version, which joining the mesh needs. Ask head office for a bundle with Linkerd." + UNCHANGED));
    }
}
