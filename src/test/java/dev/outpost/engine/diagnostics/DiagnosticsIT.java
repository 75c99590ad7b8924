package dev.outpost.engine.diagnostics;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.engine.install.InstallRequest;
import dev.outpost.engine.install.InstallResult;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.install.SiteSettings;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.HeadlessChromium;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.StandInK3s;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exports diagnostics from the rig's gateway after an install that failed because an image is missing from the
 * bundle, with secrets planted on the gateway (the K3s configuration, the K3s service's log, the kubeconfig) and in
 * the cluster (Secrets and a ConfigMap), then again with the cable pulled. The report is rendered in headless
 * Chromium to {@code target/screenshots/}.
 */
@ExtendWith(GatewayRigExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiagnosticsIT {

    static final String CONFIG_TOKEN = "K3S-CONFIG-TOKEN-7c1e9a";
    static final String LOG_TOKEN = "k3s-log-token-52ab77";
    static final String LOG_PASSWORD = "k3s-log-password-19fe";
    static final String SECRET_VALUE = "cluster-secret-value-0f3d";
    static final String CONFIG_MAP_PASSWORD = "configmap-password-8e21";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static RigGateway rig;
    private static MockKubeApiServer api;
    @TempDir
    static Path home;
    private static AppDirectories directories;
    private static InstallResult install;

    @BeforeAll
    static void failAnInstall(RigGateway gateway) throws Exception {
        rig = gateway;
        api = MockKubeApiServer.start(gateway.hostAddress());
        directories = new AppDirectories(home.resolve("data"), home.resolve("logs"));
        seedCluster();
        rig.exec("mkdir -p /etc/systemd/system/k3s.service.d && printf '%s\\n' '[Service]'"
                + " \"ExecStartPre=/bin/echo 'joining with --token " + LOG_TOKEN + " password=" + LOG_PASSWORD + "'\""
                + " > /etc/systemd/system/k3s.service.d/10-diagnostics-test.conf");
        Path bundle = K3sTestBundle.of(StandInK3s.forServer(api).withBehaviour(StandInK3s.Behaviour.IMAGE_MISSING))
                .build(Files.createDirectories(home.resolve("bundle")));
        Installer installer = new Installer(directories.installJournals(), Clock.systemUTC(),
                new Installer.Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMillis(500)));
        try (GatewaySession session = new GatewayConnector().connect(settings(Duration.ofSeconds(10)))) {
            install = installer.install(session, new InstallRequest(bundle, List.of(K3sTestBundle.HEAD_OFFICE
                    .getPublic()), SiteSettings.defaults("store-0042")), event -> { });
        }
        rig.exec("printf 'token: " + CONFIG_TOKEN + "\\n' >> /etc/rancher/k3s/config.yaml");
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.plugCable();
        }
        if (api != null) {
            api.close();
        }
    }

    private static void seedCluster() {
        var client = api.client();
        for (String namespace : ClusterSnapshot.NAMESPACES) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
        client.secrets().inNamespace("linkerd").resource(new SecretBuilder().withNewMetadata()
                .withName("linkerd-identity-issuer").endMetadata().withType("kubernetes.io/tls")
                .addToData("tls.key", base64(SECRET_VALUE)).addToStringData("ca.crt", SECRET_VALUE).build()).create();
        client.secrets().inNamespace("outpost").resource(new SecretBuilder().withNewMetadata()
                .withName("site-credentials").endMetadata().withType("Opaque")
                .addToData("token", base64(SECRET_VALUE)).build()).create();
        client.configMaps().inNamespace("outpost").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("outpost-site").endMetadata().addToData("site", "store-0042")
                .addToData("password", CONFIG_MAP_PASSWORD).build()).create();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ConnectionSettings settings(Duration connectTimeout) {
        return new ConnectionSettings(rig.address(), ConnectionSettings.DEFAULT_PORT, RigGateway.TECH_USER,
                new Credentials.Password(RigGateway.TECH_PASSWORD.toCharArray()), new HostKeyPolicy.AcceptNew(),
                home.resolve("known_hosts"), connectTimeout, Duration.ofMinutes(2), Duration.ofSeconds(2));
    }

    private static DiagnosticsExport export() {
        return new DiagnosticsExport(new Preflight(new GatewayConnector(), new FactsProbe(),
                CheckCatalog.standard()), Clock.systemUTC(), "0.1.0-test");
    }

    private static DiagnosticsRequest request() {
        return DiagnosticsRequest.laptopOnly(directories, null).withKnownSecrets(List.of(
                new DiagnosticsRequest.KnownSecret(RigGateway.TECH_PASSWORD, RedactionKind.PASSWORD)));
    }

    @Test
    @Order(1)
    void failedInstallShowsItsStepAndFixFirst() throws Exception {
        assertThat(install.succeeded()).as(install.message()).isFalse();
        assertThat(install.failedStep()).isEqualTo("wait-for-node");
        Path zip = home.resolve("failed-install.zip");
        ExportResult result;
        try (GatewaySession session = new GatewayConnector().connect(settings(Duration.ofSeconds(10)))) {
            result = export().write(request().withGateway(rig.address(), 22, session, null), zip);
        }

        Map<String, String> entries = DiagnosticsExportTest.entries(zip);
        assertThat(entries).containsKeys("gateway/facts.json", "gateway/checks.json", "gateway/install-journal.json",
                "gateway/k3s-config.yaml", "gateway/k3s-kubeconfig.yaml", "gateway/k3s-service.log",
                "cluster/snapshot.json", "laptop/install-run.jsonl");
        DiagnosticsSummary summary = DiagnosticsFile.read(zip);
        assertThat(summary.state()).isEqualTo("failed");
        assertThat(summary.problems().get(0).title()).contains("Wait for the node to be ready");
        assertThat(summary.problems().get(0).fix()).startsWith("Ask head office for a bundle");
        String html = entries.get("report.html");
        String top = html.substring(0, html.indexOf("<svg"));
        assertThat(top).contains("Wait for the node to be ready").contains("What to do:")
                .contains("Ask head office for a bundle whose image archives include it");
        assertThat(entries.get("cluster/snapshot.json")).contains("linkerd-identity-issuer")
                .contains("kubernetes.io/tls").contains("ErrImagePull").contains("Failed to pull image");
        assertThat(entries.get("gateway/k3s-service.log")).contains("joining with --token [redacted token]");
        assertThat(result.redactions()).containsKeys(RedactionKind.SECRET_DATA, RedactionKind.KUBECONFIG_CREDENTIAL,
                RedactionKind.TOKEN);

        Path html5 = Files.writeString(Files.createDirectories(Path.of("target", "diagnostics"))
                .resolve("failed-install-report.html"), html);
        HeadlessChromium.assumeInstalled();
        Path png = HeadlessChromium.screenshot(html5, SCREENSHOTS.resolve("diagnostics-failed-install.png"), 1100,
                1900);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    @Test
    @Order(2)
    void noPlantedSecretInAnyEntry() throws Exception {
        Path zip = home.resolve("secrets.zip");
        try (GatewaySession session = new GatewayConnector().connect(settings(Duration.ofSeconds(10)))) {
            export().write(request().withGateway(rig.address(), 22, session, null).withMasking(true), zip);
        }

        String clientKeyBody = api.clientKeyPem().lines().filter(l -> !l.startsWith("-----")).findFirst()
                .orElseThrow();
        List<String> secrets = List.of(RigGateway.TECH_PASSWORD, CONFIG_TOKEN, LOG_TOKEN, LOG_PASSWORD, SECRET_VALUE,
                base64(SECRET_VALUE), CONFIG_MAP_PASSWORD, base64(api.clientKeyPem()), clientKeyBody,
                base64(api.clientKeyPem()).substring(0, 40), rig.address());
        for (Map.Entry<String, String> entry : DiagnosticsExportTest.entries(zip).entrySet()) {
            for (String secret : secrets) {
                assertThat(entry.getValue()).as(entry.getKey()).doesNotContain(secret);
            }
        }
    }

    @Test
    @Order(3)
    void pulledCableExportsWhatTheLaptopKnows() throws Exception {
        rig.pullCable();
        String reason;
        try (GatewaySession session = new GatewayConnector().connect(settings(Duration.ofSeconds(3)))) {
            throw new AssertionError("The gateway answered with its cable pulled.");
        } catch (GatewayException e) {
            reason = e.getMessage();
        }
        Path zip = home.resolve("cable-pulled.zip");

        ExportResult result = export().write(request().withGateway(rig.address(), 22, null, reason), zip);

        DiagnosticsSummary summary = DiagnosticsFile.read(zip);
        assertThat(summary.problems().get(0).title()).contains("Wait for the node to be ready");
        assertThat(summary.problems()).anyMatch(p -> p.title().contains("could not be reached"));
        assertThat(result.notCollected()).anyMatch(n -> n.contains("the cluster snapshot") && n.contains(reason));
        assertThat(DiagnosticsExportTest.entries(zip)).containsKeys("laptop/install-run.jsonl",
                "laptop/install-journal.json");
    }
}
