package dev.outpost.engine.enrollment;

import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.TestCentralCluster;
import dev.outpost.testing.TestMeshPki;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reads the central cluster from the fabric8 mock API, seeded with linkerd2's rendered multicluster install. */
class CentralClusterTest {

    private static final String SITE_API = "https://central.example.test:6443";

    @TempDir
    Path dir;

    private final TestMeshPki pki = TestMeshPki.create();
    private MockKubeApiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path central(TestCentralCluster.Seed seed) throws Exception {
        server = MockKubeApiServer.start("127.0.0.1");
        TestCentralCluster.seed(server, seed);
        return TestCentralCluster.writeKubeconfig(server, dir.resolve("central.yaml"));
    }

    private static CentralCluster.Overrides siteApi() {
        return new CentralCluster.Overrides(SITE_API, null);
    }

    @Test
    void readsEverythingTheLinkNeeds() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()));

        CentralCluster central = CentralCluster.read(kubeconfig, siteApi());

        CentralLink link = central.link();
        assertThat(link.apiServerUrl()).isEqualTo(SITE_API);
        assertThat(link.apiServerCaPem()).isEqualTo(server.caPem());
        assertThat(link.serviceMirrorToken()).isEqualTo(TestMeshPki.SERVICE_MIRROR_TOKEN);
        assertThat(link.gatewayAddress()).isEqualTo(TestCentralCluster.GATEWAY_INGRESS_IP);
        assertThat(link.gatewayPort()).isEqualTo(4143);
        assertThat(link.probePort()).isEqualTo(4191);
        assertThat(link.probePath()).isEqualTo("/ready");
        assertThat(link.probePeriodSeconds()).isEqualTo(3);
        assertThat(link.gatewayIdentity()).isEqualTo(TestMeshPki.GATEWAY_IDENTITY);
        assertThat(link.trustDomain()).isEqualTo("cluster.local");
        assertThat(link.clusterDomain()).isEqualTo("cluster.local");
        assertThat(central.trustRootsSource()).contains("linkerd-identity-trust-roots");
        assertThat(central.toString()).doesNotContain(TestMeshPki.SERVICE_MIRROR_TOKEN);
    }

    @Test
    void sameAnchorIsAccepted() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()));

        CentralCluster.read(kubeconfig, siteApi()).requireSameTrustAnchors(pki.trustAnchor());
    }

    @Test
    void otherAnchorIsRejected() throws Exception {
        TestMeshPki other = TestMeshPki.create();
        Path kubeconfig = central(TestCentralCluster.Seed.complete(other.anchorPem()));
        CentralCluster central = CentralCluster.read(kubeconfig, siteApi());

        assertThatThrownBy(() -> central.requireSameTrustAnchors(pki.trustAnchor()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("differs from the one the central cluster's Linkerd uses")
                .hasMessageContaining("pass the central mesh's own trust anchor");
    }

    @Test
    void anchorFromLinkerdConfigWithoutRootsMap() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()).withoutTrustRootsMap());

        CentralCluster central = CentralCluster.read(kubeconfig, siteApi());

        assertThat(central.trustRootsSource()).contains("identityTrustAnchorsPEM");
        central.requireSameTrustAnchors(pki.trustAnchor());
    }

    @Test
    void loopbackApiNeedsAddress() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()));

        assertThatThrownBy(() -> CentralCluster.read(kubeconfig, CentralCluster.Overrides.NONE))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("which sites cannot reach")
                .hasMessageContaining("--api-server-address");
    }

    @Test
    void missingGatewayIdentityIsNamed() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()).withoutGatewayIdentity());

        assertThatThrownBy(() -> CentralCluster.read(kubeconfig, siteApi()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("mirror.linkerd.io/gateway-identity")
                .hasMessageContaining("reinstall the Linkerd multicluster extension")
                .extracting(e -> ((EnrollmentException) e).kind())
                .isEqualTo(EnrollmentException.Kind.CENTRAL_CLUSTER);
    }

    @Test
    void emptyTokenIsExplained() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()).withEmptyToken());

        assertThatThrownBy(() -> CentralCluster.read(kubeconfig, siteApi()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("has an empty token in the Secret"
                        + " linkerd-service-mirror-remote-access-default-token")
                .hasMessageContaining("wait a minute");
    }

    @Test
    void missingIngressNeedsGatewayAddress() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()).withoutIngress());

        assertThatThrownBy(() -> CentralCluster.read(kubeconfig, siteApi()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("--gateway-address");
    }

    @Test
    void gatewayAddressOverridesIngress() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()).withoutIngress());

        CentralCluster central = CentralCluster.read(kubeconfig,
                new CentralCluster.Overrides(SITE_API, "gateway.central.example.test"));

        assertThat(central.link().gatewayAddress()).isEqualTo("gateway.central.example.test");
    }

    @Test
    void emptyClusterNamesTheExtension() throws Exception {
        server = MockKubeApiServer.start("127.0.0.1");
        Path kubeconfig = TestCentralCluster.writeKubeconfig(server, dir.resolve("central.yaml"));

        assertThatThrownBy(() -> CentralCluster.read(kubeconfig, siteApi()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessage("The central cluster has no Service linkerd-gateway in the namespace linkerd-multicluster;"
                        + " install the Linkerd multicluster extension on the central cluster.");
    }

    @Test
    void missingKubeconfigIsNamed() {
        Path missing = dir.resolve("none.yaml");

        assertThatThrownBy(() -> CentralCluster.read(missing, siteApi()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("--central-kubeconfig");
    }

    @Test
    void insecureKubeconfigIsRejected() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()));
        String text = Files.readString(kubeconfig).replaceFirst("certificate-authority-data: \\S+",
                "insecure-skip-tls-verify: true");
        Files.writeString(kubeconfig, text);

        assertThatThrownBy(() -> CentralCluster.read(kubeconfig, siteApi()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("insecure-skip-tls-verify");
    }

    @Test
    void unknownCurrentContextIsRejectedBeforeAnyRequest() throws Exception {
        Path kubeconfig = central(TestCentralCluster.Seed.complete(pki.anchorPem()));
        String text = Files.readString(kubeconfig).replaceFirst("current-context: \\S+", "current-context: nope");
        Files.writeString(kubeconfig, text);

        assertThatThrownBy(() -> CentralCluster.read(kubeconfig, siteApi()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("'nope', which it does not contain");
    }

    @Test
    void notAKubeconfigNamesNoJavaType() throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("broken.yaml"), "clusters: [\n");

        assertThatThrownBy(() -> CentralCluster.read(kubeconfig, siteApi()))
                .isInstanceOf(EnrollmentException.class)
                .hasMessageContaining("is not a valid kubeconfig")
                .hasMessageNotContaining("Exception");
    }
}
