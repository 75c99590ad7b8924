package dev.outpost.engine.install;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.cluster.ServiceMirrorProbe;
import dev.outpost.engine.enrollment.SiteEnrollment;
import dev.outpost.engine.enrollment.SiteNetwork;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.mesh.MeshChecks;
import dev.outpost.engine.mesh.SiteExpectation;
import dev.outpost.engine.mesh.SiteLink;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.StandInHelmController;
import dev.outpost.testing.StandInK3s;
import dev.outpost.testing.TestMeshPki;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Joins the rig's gateway to the mesh through the engine: K3s from a test bundle, then Linkerd through the stand-in
 * Helm controller, the link and the Rancher registration in the mock API. The site-side refusals run here too: each
 * ends in the check step with nothing changed.
 */
@ExtendWith(GatewayRigExtension.class)
class JoinIT {

    private static final String SITE = InstallFixture.SITE;
    private static final List<String> MESH_NAMESPACES = List.of("linkerd", "linkerd-multicluster", "cattle-system",
            "outpost");

    private static RigGateway rig;
    private static MockKubeApiServer api;
    private static StandInHelmController helm;
    private static TestMeshPki pki;

    @TempDir
    Path home;

    private InstallFixture fixture;
    private Path bundle;

    @BeforeAll
    static void start(RigGateway gateway) {
        rig = gateway;
        api = MockKubeApiServer.start(gateway.hostAddress());
        helm = new StandInHelmController(api, gateway.rootDirectory(), gateway.hostAddress());
        pki = TestMeshPki.create();
    }

    @AfterAll
    static void stop() {
        if (helm != null) {
            helm.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void clean() throws Exception {
        fixture = new InstallFixture(rig, api, home);
        fixture.wipeGateway();
        rig.exec("rm -f /usr/local/sbin/date");
        wipeMesh(api.client());
        helm.reset();
        helm.centralGatewayAlive("central", false);
        bundle = K3sTestBundle.of(StandInK3s.forServer(api)).build(Files.createDirectories(home.resolve("bundle")));
    }

    private MeshJoin join(TestMeshPki.Enrollment enrollment) {
        SiteEnrollment built = enrollment.build();
        return new MeshJoin(built, enrollment.issuerKey());
    }

    @Test
    void aBareGatewayJoinsAndASecondRunOnlyVerifies() throws Exception {
        TestMeshPki.Enrollment enrollment = pki.enrollment(SITE);
        MeshJoin join = join(enrollment);

        InstallResult first = fixture.join(bundle, join);

        assertThat(first.succeeded()).as(first.failedStep() + ": " + first.message()).isTrue();
        KubernetesClient client = api.client();
        Secret issuer = client.secrets().inNamespace("linkerd").withName("linkerd-identity-issuer").get();
        assertThat(issuer.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(decode(issuer.getData().get("tls.crt"))).isEqualTo(join.enrollment().issuerCertificatePem());
        assertThat(decode(issuer.getData().get("tls.key"))).contains("BEGIN PRIVATE KEY");
        var link = client.genericKubernetesResources(SiteLink.LINK).inNamespace("linkerd-multicluster")
                .withName("central").get();
        assertThat(link.getAdditionalProperties().get("spec").toString())
                .contains("gatewayAddress=" + join.enrollment().link().gatewayAddress());
        assertThat(client.secrets().inNamespace("linkerd-multicluster").withName("cluster-credentials-central")
                .get().getType()).isEqualTo("mirror.linkerd.io/remote-kubeconfig");
        assertThat(client.apps().deployments().inNamespace("cattle-system").withName("cattle-cluster-agent").get())
                .isNotNull();
        assertThat(client.nodes().withName(SITE).get().getMetadata().getLabels())
                .containsEntry("region", "north").containsEntry("outpost.dev/site", SITE);
        assertThat(rig.exec("stat -c '%a' /var/lib/rancher/k3s/server/manifests/outpost-linkerd-control-plane.yaml")
                .stdout().strip()).isEqualTo("600");
        assertNoSecretOnTheGateway(join, enrollment);

        InstallResult again = fixture.join(bundle, join);

        assertThat(again.succeeded()).as(again.message()).isTrue();
        var outcomes = fixture.outcomes();
        assertThat(outcomes.remove("check-gateway")).isEqualTo(StepOutcome.DONE);
        assertThat(outcomes).isNotEmpty().allSatisfy((step, outcome) -> assertThat(outcome).as(step)
                .isEqualTo(StepOutcome.ALREADY_DONE));
    }

    @Test
    void meshChecksWaitForHeadOfficeUntilTheCentralGatewayAnswers() throws Exception {
        MeshJoin join = join(pki.enrollment(SITE));
        InstallResult joined = fixture.join(bundle, join);
        assertThat(joined.succeeded()).as(joined.message()).isTrue();

        Map<String, CheckResult> offline = meshChecks();

        assertThat(offline.values()).noneMatch(CheckResult::blocks);
        assertThat(offline.get("mesh.central-gateway").mark()).isEqualTo(CheckResult.Mark.INFO);
        assertThat(offline.get("mesh.central-gateway").explanation()).startsWith("Waiting for the connection to"
                + " head office.");
        assertThat(offline.get("mesh.rancher").mark()).isEqualTo(CheckResult.Mark.INFO);
        assertThat(offline.get("mesh.trust-anchor").mark()).isEqualTo(CheckResult.Mark.PASS);
        assertThat(offline.get("mesh.issuer").mark()).isEqualTo(CheckResult.Mark.PASS);

        helm.centralGatewayAlive("central", true);
        api.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("cattle-fleet-system").endMetadata().build()).create();

        Map<String, CheckResult> online = meshChecks();

        assertThat(online.values()).allSatisfy(r -> assertThat(r.mark()).as(r.id()).isEqualTo(CheckResult.Mark.PASS));
    }

    @Test
    void anotherSitesGatewayIsRefusedBeforeAnythingChanges() throws Exception {
        InstallResult installed = fixture.install(bundle);
        assertThat(installed.succeeded()).as(installed.message()).isTrue();
        String journal = rig.exec("cat /var/lib/outpost/journal.json").stdout();

        InstallResult refused = fixture.join(bundle, join(pki.enrollment("store-0041")));

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.failedStep()).isEqualTo("check-gateway");
        assertThat(refused.message()).contains("installed as the site " + SITE, "enrollment is for store-0041",
                "Nothing was changed.");
        assertThat(rig.exec("cat /var/lib/outpost/journal.json").stdout()).isEqualTo(journal);
        assertNothingJoined();
    }

    @Test
    void aGatewayClockFiveYearsOffIsRefusedBeforeAnythingChanges() throws Exception {
        // A test double of a gateway whose clock is wrong: a date command ahead of sudo's path that adds five years.
        rig.exec("printf '#!/bin/sh\\nexec /usr/bin/date -d \"@$(( $(/usr/bin/date +%%s) + 157680000 ))\" \"$@\"\\n'"
                + " > /usr/local/sbin/date && chmod 755 /usr/local/sbin/date");

        InstallResult refused = fixture.join(bundle, join(pki.enrollment(SITE)));

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.failedStep()).isEqualTo("check-gateway");
        assertThat(refused.message()).contains("gateway's clock", "Nothing was changed.");
        assertThat(rig.exec("test -e /var/lib/outpost || echo absent").stdout().strip()).isEqualTo("absent");
        assertNothingJoined();
    }

    @Test
    void aClusterThatTrustsAnotherAnchorIsRefusedAndKeepsItsIdentity() throws Exception {
        MeshJoin first = join(pki.enrollment(SITE));
        assertThat(fixture.join(bundle, first).succeeded()).isTrue();
        String issuerBefore = api.client().secrets().inNamespace("linkerd").withName("linkerd-identity-issuer").get()
                .getData().get("tls.crt");

        InstallResult refused = fixture.join(bundle, join(TestMeshPki.create().enrollment(SITE)));

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.failedStep()).isEqualTo("check-gateway");
        assertThat(refused.message()).contains("different trust anchor", "Nothing was changed.");
        assertThat(api.client().secrets().inNamespace("linkerd").withName("linkerd-identity-issuer").get()
                .getData().get("tls.crt")).isEqualTo(issuerBefore);
    }

    @Test
    void siteRangesThatOverlapTheCentralClusterAreRefusedBeforeAnythingChanges() throws Exception {
        MeshJoin join = join(pki.enrollment(SITE).network(new SiteNetwork("10.42.0.0/16", "10.51.0.0/16",
                "10.42.0.0/16", "10.43.0.0/16")));

        InstallResult refused = fixture.join(bundle, join);

        assertThat(refused.succeeded()).isFalse();
        assertThat(refused.failedStep()).isEqualTo("check-gateway");
        assertThat(refused.message()).contains("10.42.0.0/16");
        assertThat(rig.exec("test -e /var/lib/outpost || echo absent").stdout().strip()).isEqualTo("absent");
        assertNothingJoined();
    }

    private Map<String, CheckResult> meshChecks() throws Exception {
        try (GatewaySession session = new GatewayConnector().connect(fixture.settings());
             var cluster = dev.outpost.engine.cluster.ClusterAccess.open(session, GatewayPaths.KUBECONFIG)) {
            SiteExpectation site = SiteExpectation.read(cluster.client()).orElseThrow();
            return new MeshChecks(cluster.client(), Clock.systemUTC(), new ServiceMirrorProbe(session)).run(site)
                    .stream().collect(Collectors.toMap(CheckResult::id, Function.identity()));
        }
    }

    private void assertNothingJoined() {
        assertThat(api.client().secrets().inNamespace("linkerd").withName("linkerd-identity-issuer").get()).isNull();
        assertThat(rig.exec("ls /var/lib/rancher/k3s/server/manifests 2>/dev/null").stdout())
                .doesNotContain("outpost-");
    }

    /** No file Outpost or K3s wrote on the gateway contains the issuer key, the link's token or Rancher's token. */
    private void assertNoSecretOnTheGateway(MeshJoin join, TestMeshPki.Enrollment enrollment) {
        String keyBody = Base64.getEncoder().encodeToString(enrollment.issuerKey().getEncoded()).substring(0, 40);
        String registration = Base64.getEncoder().encodeToString(TestMeshPki.REGISTRATION_TOKEN
                .getBytes(StandardCharsets.UTF_8));
        for (String planted : List.of(keyBody, TestMeshPki.SERVICE_MIRROR_TOKEN, TestMeshPki.REGISTRATION_TOKEN,
                registration)) {
            String found = rig.exec("grep -rlF -- '" + planted + "' /var/lib/rancher /etc/rancher /var/lib/outpost"
                    + " /tmp /root /home 2>/dev/null; true").stdout().strip();
            assertThat(found).as("files holding a secret").isEmpty();
        }
    }

    private static void wipeMesh(KubernetesClient client) {
        for (String namespace : MESH_NAMESPACES) {
            client.secrets().inNamespace(namespace).delete();
            client.configMaps().inNamespace(namespace).delete();
            client.apps().deployments().inNamespace(namespace).delete();
            client.pods().inNamespace(namespace).delete();
            client.genericKubernetesResources(SiteLink.LINK).inNamespace(namespace).delete();
            client.namespaces().withName(namespace).delete();
        }
        client.namespaces().withName("cattle-fleet-system").delete();
        client.apiextensions().v1().customResourceDefinitions().withName("links.multicluster.linkerd.io").delete();
        client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName("linkerd-proxy-injector-webhook-config").delete();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
