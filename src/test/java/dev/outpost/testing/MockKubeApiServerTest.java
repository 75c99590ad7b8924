package dev.outpost.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks that the mock API server is reachable over verified TLS as a K3s API server is. */
class MockKubeApiServerTest {

    private static MockKubeApiServer server;

    @BeforeAll
    static void startServer() {
        server = MockKubeApiServer.start("127.0.0.1");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void caOnlyClientCreatesAndReadsNode() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("https://127.0.0.1:" + server.port())
                .withCaCertData(base64(server.caPem()))
                .withTrustCerts(false)
                .build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("site-gw-01")
                    .addToLabels("outpost.dev/site", "store-042").endMetadata().build()).create();

            Node node = client.nodes().withName("site-gw-01").get();

            assertThat(node).isNotNull();
            assertThat(node.getMetadata().getLabels()).containsEntry("outpost.dev/site", "store-042");
            assertThat(server.client().nodes().withName("site-gw-01").get()).isNotNull();
        }
    }

    @Test
    void clientWithoutCaRejectsServer() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("https://127.0.0.1:" + server.port())
                .withTrustCerts(false)
                .withRequestRetryBackoffLimit(0)
                .build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThatThrownBy(() -> client.nodes().list())
                    .isInstanceOf(KubernetesClientException.class)
                    .hasStackTraceContaining("PKIX path building failed");
        }
    }

    @Test
    void servingCertificateNamesLoopback() throws Exception {
        X509Certificate ca = MockKubeApiServer.parseCertificate(server.caPem());
        X509Certificate served = servedCertificate();

        served.verify(ca.getPublicKey());
        List<String> names = served.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1)))
                .toList();
        assertThat(names).contains("127.0.0.1", "localhost", "kubernetes.default.svc");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void clientCertificateIsAdmin() {
        X509Certificate client = MockKubeApiServer.parseCertificate(server.clientCertPem());

        assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=system:admin,O=system:masters");
        assertThat(server.clientKeyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void versionIsK3s() {
        assertThat(server.client().getKubernetesVersion().getGitVersion()).isEqualTo("v1.29.1+k3s1");
    }

    private static X509Certificate servedCertificate() throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        X509Certificate[][] seen = new X509Certificate[1][];
        context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain;
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            socket.startHandshake();
        }
        return seen[0][0];
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
