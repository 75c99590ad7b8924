package dev.outpost.engine.install;

import dev.outpost.engine.bundle.ArtifactRole;
import dev.outpost.engine.bundle.BundleManifest;
import dev.outpost.engine.cluster.ClusterAccess;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.mesh.MeshNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What the check step verifies before an enrolled site changes anything: that the gateway is this site's, that its
 * clock lies inside the enrollment's certificates, that a cluster already there trusts the same anchor, and that
 * the bundle carries Linkerd.
 */
final class JoinChecks {

    private static final Logger log = LoggerFactory.getLogger(JoinChecks.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);
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
        String clock = clockProblem(enrollment, gatewayNow);
        if (clock != null) {
            throw new InstallException(clock + UNCHANGED);
        }
        if (clusterMayExist) {
            checkTrustAnchor(session, enrollment);
        }
    }

    /** Names the first certificate or date of the enrollment the gateway's clock lies outside, or {@code null}. */
    static String clockProblem(SiteEnrollment enrollment, Instant gatewayNow) {
        String clockText = DAY.format(gatewayNow);
        if (gatewayNow.isAfter(enrollment.expiresAt())) {
            return "The gateway's clock says " + clockText + ", after the enrollment expired on "
                    + DAY.format(enrollment.expiresAt()) + ". If the date is wrong, set the gateway's clock; if it"
                    + " is right, ask head office for a new enrollment file.";
        }
        for (String[] named : List.of(new String[] {"the trust anchor", enrollment.trustAnchorPem()},
                new String[] {"the site's issuer certificate", enrollment.issuerCertificatePem()})) {
            X509Certificate certificate = certificate(named[1]);
            if (certificate == null) {
                return "The enrollment's " + named[0].substring(4) + " cannot be read. Ask head office for a new"
                        + " enrollment file.";
            }
            Instant from = certificate.getNotBefore().toInstant();
            Instant until = certificate.getNotAfter().toInstant();
            if (gatewayNow.isBefore(from) || gatewayNow.isAfter(until)) {
                return "The gateway's clock says " + clockText + ", but " + named[0] + " is valid from "
                        + DAY.format(from) + " to " + DAY.format(until) + ", so Linkerd would refuse it. Set the"
                        + " gateway's clock to the right date and time (or turn on time synchronisation), then"
                        + " run again.";
            }
        }
        return null;
    }

    /** Refuses an enrollment whose trust anchor differs from the one the site's cluster already trusts. */
    private static void checkTrustAnchor(GatewaySession session, SiteEnrollment enrollment) throws InstallException,
            GatewayException {
        try (ClusterAccess cluster = ClusterAccess.open(session, GatewayPaths.KUBECONFIG)) {
            ConfigMap roots = cluster.client().configMaps().inNamespace(MeshNames.LINKERD_NAMESPACE)
                    .withName(MeshNames.TRUST_ROOTS).get();
            String present = roots == null || roots.getData() == null ? null
                    : roots.getData().get(MeshNames.TRUST_ROOTS_KEY);
            if (present != null && !sameCertificates(present, enrollment.trustAnchorPem())) {
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

    static boolean sameCertificates(String pemA, String pemB) {
        return normalised(pemA).equals(normalised(pemB));
    }

    private static String normalised(String pem) {
        return pem.replaceAll("\\s+", "");
    }

    static X509Certificate certificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            return null;
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

    /** The three Linkerd chart archives' file names, in install order. */
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
