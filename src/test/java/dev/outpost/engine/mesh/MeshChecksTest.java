package dev.outpost.engine.mesh;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.TestMeshPki;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The mesh checks against the mock API, with the cluster's state written directly. */
class MeshChecksTest {

    private static final String SITE = "store-0042";

    private static MockKubeApiServer api;
    private static TestMeshPki pki;

    @BeforeAll
    static void start() {
        api = MockKubeApiServer.start("127.0.0.1");
        pki = TestMeshPki.create();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @BeforeEach
    void wipe() {
        KubernetesClient client = api.client();
        for (String namespace : new String[] {"linkerd", "linkerd-multicluster", "outpost"}) {
            client.secrets().inNamespace(namespace).delete();
            client.configMaps().inNamespace(namespace).delete();
            client.pods().inNamespace(namespace).delete();
        }
    }

    private Map<String, CheckResult> run(SiteEnrollment enrollment, GatewayProbe probe) {
        return new MeshChecks(api.client(), Clock.systemUTC(), probe).run(SiteExpectation.of(enrollment)).stream()
                .collect(Collectors.toMap(CheckResult::id, Function.identity()));
    }

    private void identity(String anchorPem, SiteEnrollment enrollment) {
        api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("linkerd-identity-trust-roots")
                .withNamespace("linkerd").endMetadata().addToData("ca-bundle.crt", anchorPem).build()).create();
        api.client().resource(new SecretBuilder().withNewMetadata().withName("linkerd-identity-issuer")
                .withNamespace("linkerd").endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.crt", base64(enrollment.issuerCertificatePem()))
                .addToData("ca.crt", base64(anchorPem)).build()).create();
    }

    @Test
    void matchingAnchorAndLongIssuerPass() {
        SiteEnrollment enrollment = pki.enrollment(SITE).build();
        identity(pki.anchorPem(), enrollment);

        Map<String, CheckResult> results = run(enrollment, GatewayProbe.NONE);

        assertThat(results.get("mesh.trust-anchor").mark()).isEqualTo(CheckResult.Mark.PASS);
        assertThat(results.get("mesh.issuer").mark()).isEqualTo(CheckResult.Mark.PASS);
    }

    @Test
    void anotherAnchorInTheClusterFails() {
        SiteEnrollment enrollment = pki.enrollment(SITE).build();
        identity(TestMeshPki.create().anchorPem(), enrollment);

        CheckResult anchor = run(enrollment, GatewayProbe.NONE).get("mesh.trust-anchor");

        assertThat(anchor.mark()).isEqualTo(CheckResult.Mark.FAIL);
        assertThat(anchor.fix()).contains("enrollment file");
    }

    @Test
    void issuerExpiringInTenDaysWarns() {
        SiteEnrollment enrollment = pki.enrollment(SITE).issuerExpiringInDays(10).build();
        identity(pki.anchorPem(), enrollment);

        CheckResult issuer = run(enrollment, GatewayProbe.NONE).get("mesh.issuer");

        assertThat(issuer.mark()).isEqualTo(CheckResult.Mark.WARNING);
        assertThat(issuer.explanation()).contains("in 10 days", "expires");
    }

    @Test
    void issuerFromAnotherAnchorFails() {
        SiteEnrollment enrollment = pki.enrollment(SITE).issuerNotChained().build();
        identity(pki.anchorPem(), enrollment);

        CheckResult issuer = run(enrollment, GatewayProbe.NONE).get("mesh.issuer");

        assertThat(issuer.mark()).isEqualTo(CheckResult.Mark.FAIL);
        assertThat(issuer.explanation()).contains("not signed by the mesh's trust anchor");
    }

    @Test
    void emptyClusterFailsWithoutThrowing() {
        Map<String, CheckResult> results = run(pki.enrollment(SITE).build(), GatewayProbe.NONE);

        assertThat(results.get("mesh.control-plane").mark()).isEqualTo(CheckResult.Mark.FAIL);
        assertThat(results.get("mesh.link").mark()).isEqualTo(CheckResult.Mark.FAIL);
        assertThat(results.get("mesh.proxy-injector").mark()).isEqualTo(CheckResult.Mark.FAIL);
        assertThat(results.get("mesh.rancher").mark()).isEqualTo(CheckResult.Mark.WARNING);
    }

    @Test
    void gatewayProbeReadsTheServiceMirrorsGauge() {
        api.client().resource(new PodBuilder().withNewMetadata().withName("linkerd-service-mirror-central-0")
                .withNamespace("linkerd-multicluster").addToLabels("mirror.linkerd.io/cluster-name", "central")
                .endMetadata().withNewStatus().withPhase("Running").withPodIP("10.50.0.7").endStatus().build())
                .create();
        SiteEnrollment enrollment = pki.enrollment(SITE).build();

        CheckResult alive = run(enrollment, address -> Optional.of("gateway_alive{gateway_namespace=\"x\","
                + "target_cluster_name=\"central\"} 1\n")).get("mesh.central-gateway");
        CheckResult down = run(enrollment, address -> Optional.of("gateway_alive{target_cluster_name=\"central\"}"
                + " 0\n")).get("mesh.central-gateway");
        CheckResult unreadable = run(enrollment, GatewayProbe.NONE).get("mesh.central-gateway");

        assertThat(alive.mark()).isEqualTo(CheckResult.Mark.PASS);
        assertThat(down.mark()).isEqualTo(CheckResult.Mark.INFO);
        assertThat(down.explanation()).startsWith("Waiting for the connection to head office.");
        assertThat(unreadable.mark()).isEqualTo(CheckResult.Mark.INFO);
        assertThat(unreadable.blocks()).isFalse();
    }

    @Test
    void siteWithoutRancherIsInformation() {
        SiteEnrollment enrollment = pki.enrollment(SITE).rancher(null).build();

        CheckResult rancher = run(enrollment, GatewayProbe.NONE).get("mesh.rancher");

        assertThat(rancher.mark()).isEqualTo(CheckResult.Mark.INFO);
        assertThat(rancher.explanation()).contains("did not register");
    }

    @Test
    void siteRecordIsReadBack() {
        assertThat(SiteExpectation.read(api.client())).isEmpty();
        api.client().resource(new ConfigMapBuilder().withNewMetadata().withName("outpost-site")
                .withNamespace("outpost").endMetadata().addToData("site", SITE).addToData("centralCluster", "central")
                .addToData("trustAnchor", pki.anchorPem()).addToData("label.region", "north")
                .addToData("rancher", "true").build()).create();

        SiteExpectation site = SiteExpectation.read(api.client()).orElseThrow();

        assertThat(site.siteId()).isEqualTo(SITE);
        assertThat(site.labels()).containsExactly(Map.entry("region", "north"));
        assertThat(site.registersWithRancher()).isTrue();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
