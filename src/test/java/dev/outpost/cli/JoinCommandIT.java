package dev.outpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.engine.mesh.SiteLink;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.StandInHelmController;
import dev.outpost.testing.StandInK3s;
import dev.outpost.testing.TestCentralCluster;
import dev.outpost.testing.TestMeshPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Takes the rig's bare gateway to joined through the packaged command line, as head office and a technician would:
 * {@code enroll create} against a mock central cluster, {@code join}, then {@code mesh-check}. Enrollments that
 * must be refused are tried first, and each leaves the gateway untouched.
 */
@ExtendWith(GatewayRigExtension.class)
class JoinCommandIT {

    private static final String SITE = "store-0042";

    @TempDir
    Path home;

    @Test
    void headOfficeEnrollsAndTheSiteJoinsThroughTheCommandLine(RigGateway rig) throws Exception {
        TestMeshPki pki = TestMeshPki.create();
        try (MockKubeApiServer central = MockKubeApiServer.start("127.0.0.1");
             MockKubeApiServer site = MockKubeApiServer.start(rig.hostAddress());
             StandInHelmController helm = new StandInHelmController(site, rig.rootDirectory(), rig.hostAddress())) {
            TestCentralCluster.seed(central, TestCentralCluster.Seed.complete(pki.anchorPem()));
            Path kubeconfig = TestCentralCluster.writeKubeconfig(central, home.resolve("central.kubeconfig"));
            TestMeshPki.AnchorFiles anchor = pki.writeAnchor(home);
            TestMeshPki.SigningKeyFiles signing = pki.writeHeadOfficeKeys(home);
            Path bundle = K3sTestBundle.of(StandInK3s.forServer(site))
                    .build(Files.createDirectories(home.resolve("bundle")));
            Path bundleKey = home.resolve("bundle-signer.pub");
            dev.outpost.engine.bundle.SigningKeys.writePublicKey(K3sTestBundle.HEAD_OFFICE.getPublic(), bundleKey);
            Path rancher = TestMeshPki.writeRancherManifest(home.resolve("rancher-import.yaml"));
            OutpostProcess outpost = new OutpostProcess(home);
            Path enrollment = home.resolve(SITE + ".enrollment");

            OutpostProcess.Result created = outpost.run(TestMeshPki.PASSPHRASE + "\n", "enroll", "create", "--site",
                    SITE, "--name", "Store 42, Leeds", "--labels", "region=north,store=42", "--pod-cidr",
                    "10.50.0.0/16", "--service-cidr", "10.51.0.0/16", "--trust-anchor-cert",
                    anchor.certificate().toString(), "--trust-anchor-key", anchor.key().toString(),
                    "--central-kubeconfig", kubeconfig.toString(), "--api-server-address",
                    "https://central.example.test:6443", "--sign-key", signing.privateKey().toString(),
                    "--rancher-manifest", rancher.toString(), "--site-passphrase-stdin", "--out",
                    enrollment.toString());
            assertThat(created.exitCode()).as(created.stderr()).isZero();

            for (Refusal refusal : refusals(pki)) {
                OutpostProcess.Result refused = join(outpost, rig, refusal.file(), refusal.passphrase(), bundle,
                        bundleKey, signing.publicKey(), false);
                assertThat(refused.exitCode()).as(refusal.file() + ": " + refused.stderr()).isEqualTo(1);
                assertThat(refused.stderr()).as(refusal.file().toString()).contains(refusal.says());
                assertThat(rig.exec("test -e /var/lib/outpost || test -e /usr/local/bin/k3s || echo untouched")
                        .stdout().strip()).as(refusal.file().toString()).isEqualTo("untouched");
            }

            OutpostProcess.Result bare = outpost.run(RigGateway.TECH_PASSWORD + "\n", "mesh-check", "--host",
                    rig.address(), "--user", "tech", "--password-stdin", "--accept-new-host-key", "--json");
            assertThat(bare.exitCode()).as(bare.stderr()).isEqualTo(1);
            assertThat(bare.stderr()).contains("K3s is not installed", "outpost join");
            assertThat(new ObjectMapper().readTree(bare.stdout()).path("joined").asBoolean()).isFalse();

            OutpostProcess.Result joined = join(outpost, rig, enrollment, TestMeshPki.PASSPHRASE, bundle, bundleKey,
                    signing.publicKey(), true);

            assertThat(joined.exitCode()).as(joined.stderr()).isZero();
            List<JsonNode> events = new ArrayList<>();
            for (String line : joined.stdout().lines().toList()) {
                events.add(new ObjectMapper().readTree(line));
            }
            assertThat(events.get(events.size() - 1).path("succeeded").asBoolean()).isTrue();
            assertThat(events).anySatisfy(e -> assertThat(e.path("step").asText()).isEqualTo("multicluster-link"));
            var link = site.client().genericKubernetesResources(SiteLink.LINK).inNamespace("linkerd-multicluster")
                    .withName("central").get();
            assertThat(link.getAdditionalProperties().get("spec").toString())
                    .contains("gatewayAddress=" + TestCentralCluster.GATEWAY_INGRESS_IP);
            assertThat(site.client().nodes().withName(SITE).get().getMetadata().getLabels())
                    .containsEntry("store", "42");
            String everything = joined.stdout() + joined.stderr() + Files.readString(home.resolve("logs")
                    .resolve("outpost.log"));
            assertThat(everything).doesNotContain(TestMeshPki.PASSPHRASE, TestMeshPki.SERVICE_MIRROR_TOKEN,
                    TestMeshPki.REGISTRATION_TOKEN, RigGateway.TECH_PASSWORD);

            OutpostProcess.Result waiting = outpost.run(RigGateway.TECH_PASSWORD + "\n", "mesh-check", "--host",
                    rig.address(), "--user", "tech", "--password-stdin", "--json");

            assertThat(waiting.exitCode()).as(waiting.stderr()).isZero();
            JsonNode report = new ObjectMapper().readTree(waiting.stdout());
            assertThat(report.path("site").asText()).isEqualTo(SITE);
            assertThat(report.path("healthy").asBoolean()).isTrue();
            assertThat(report.path("checks")).anySatisfy(c -> {
                assertThat(c.path("id").asText()).isEqualTo("mesh.central-gateway");
                assertThat(c.path("mark").asText()).isEqualTo("info");
            });

            helm.centralGatewayAlive("central", true);
            OutpostProcess.Result connected = outpost.run(RigGateway.TECH_PASSWORD + "\n", "mesh-check", "--host",
                    rig.address(), "--user", "tech", "--password-stdin");

            assertThat(connected.exitCode()).as(connected.stderr()).isZero();
            assertThat(connected.stdout()).contains("PASS  mesh.central-gateway", "The site's mesh is healthy.");
        }
    }

    private static OutpostProcess.Result join(OutpostProcess outpost, RigGateway rig, Path enrollment,
            String passphrase, Path bundle, Path bundleKey, Path enrollmentKey, boolean json) throws Exception {
        List<String> args = new ArrayList<>(List.of("join", "--host", rig.address(), "--user", "tech",
                "--password-stdin", "--accept-new-host-key", "--enrollment", enrollment.toString(),
                "--enrollment-passphrase-stdin", "--bundle", bundle.toString(), "--trust", bundleKey.toString(),
                "--trust", enrollmentKey.toString()));
        if (json) {
            args.add("--json");
        }
        return outpost.run(RigGateway.TECH_PASSWORD + "\n" + passphrase + "\n", args.toArray(String[]::new));
    }

    /** An enrollment the site must refuse, the passphrase typed, and words the refusal contains. */
    private record Refusal(Path file, String passphrase, String says) {
    }

    private List<Refusal> refusals(TestMeshPki pki) throws Exception {
        Path good = pki.enrollment(SITE).writeSigned(home.resolve("good.enrollment"));
        Path tampered = home.resolve("tampered.enrollment");
        String text = Files.readString(good);
        int middle = text.indexOf("\"enrollment\"") + 30;
        Files.writeString(tampered, text.substring(0, middle) + (text.charAt(middle) == 'A' ? 'B' : 'A')
                + text.substring(middle + 1));
        return List.of(
                new Refusal(tampered, TestMeshPki.PASSPHRASE, "changed after signing"),
                new Refusal(good, "not the passphrase", "passphrase"),
                new Refusal(pki.enrollment(SITE).expired().writeSigned(home.resolve("expired.enrollment")),
                        TestMeshPki.PASSPHRASE, "expired"),
                new Refusal(pki.enrollment(SITE).issuerNotChained().writeSigned(home.resolve("unchained"
                        + ".enrollment")), TestMeshPki.PASSPHRASE, "not signed by the mesh's trust"),
                new Refusal(pki.enrollment(SITE).issuerLeaf().writeSigned(home.resolve("leaf.enrollment")),
                        TestMeshPki.PASSPHRASE, "plain certificate"),
                new Refusal(pki.enrollment(SITE).issuerNameConstrained().writeSigned(home.resolve("constrained"
                        + ".enrollment")), TestMeshPki.PASSPHRASE, "name constraints"));
    }
}
