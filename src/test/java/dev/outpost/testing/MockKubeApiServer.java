package dev.outpost.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test double of the Kubernetes API server: fabric8's {@link KubernetesMockServer} in CRUD mode, over HTTPS with a
 * serving certificate signed by a CA that this class generates, as a K3s server's is.
 *
 * <p>It listens on one address on a port the kernel picks. The serving certificate carries the IP addresses
 * {@code 127.0.0.1}, {@code ::1} and the listening address, and the DNS names K3s uses ({@code localhost},
 * {@code kubernetes}, ...). So a client that reaches it through a relay or an SSH port forward as
 * {@code https://127.0.0.1:<port>} can verify it against {@link #caPem()} with host name checks on. The server
 * requests no client certificate, so the admin certificate ({@link #clientCertPem()}) that a K3s kubeconfig carries
 * is accepted and ignored. {@code /version} reports K3s {@value #K3S_VERSION}.
 *
 * <p>fabric8's mock web server (8.0.0) has no setting for its own key and certificate: {@code useHttps()} makes it
 * generate a self-signed RSA certificate for {@code localhost} at every start. This class therefore replaces the
 * certificate on the running vert.x server with vert.x's {@link HttpServer#updateSSLOptions}, reaching that server
 * through a private field of {@link MockWebServer}. It then checks with a TLS handshake that the server presents the
 * new certificate, so a fabric8 upgrade that renames the field fails here with a clear message.
 */
public final class MockKubeApiServer implements AutoCloseable {

    /** The K3s version that {@code /version} reports. */
    public static final String K3S_VERSION = "v1.29.1+k3s1";

    private static final Logger LOG = LoggerFactory.getLogger(MockKubeApiServer.class);
    private static final long START_TIMEOUT_SECONDS = 10;

    private final KubernetesMockServer server;
    private final String address;
    private final ClusterCertificates certificates;
    private final KubernetesClient client;

    private MockKubeApiServer(KubernetesMockServer server, String address, ClusterCertificates certificates) {
        this.server = server;
        this.address = address;
        this.certificates = certificates;
        this.client = new KubernetesClientBuilder().withConfig(clientConfig(address, server.getPort())).build();
    }

    /**
     * Starts a server on the given address and a free port. Blocks until it presents its new certificate.
     *
     * @param listenAddress an IP address literal of this machine, such as {@code 127.0.0.1} or a rig gateway's
     *                      {@code hostAddress()}; no name lookup is done
     * @return the running server; close it when the test is done
     */
    public static MockKubeApiServer start(String listenAddress) {
        ClusterCertificates certificates = ClusterCertificates.generate(List.of(listenAddress));
        MockWebServer web = new MockWebServer();
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        // The mixed dispatcher returns the fixed responses (/, /version) and hands every other request to the CRUD
        // dispatcher, as fabric8's own CRUD mode does.
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, responses,
                new KubernetesMixedDispatcher(responses), true, k3sVersion());
        server.init(ClusterCertificates.inetAddress(listenAddress), 0);
        try {
            replaceCertificate(web, certificates);
            requireServedCertificate(listenAddress, server.getPort(), certificates);
        } catch (RuntimeException e) {
            server.destroy();
            throw e;
        }
        LOG.info("The mock Kubernetes API server listens on https://{}:{}.", listenAddress, server.getPort());
        return new MockKubeApiServer(server, listenAddress, certificates);
    }

    /**
     * Returns the address the server listens on.
     *
     * @return the IP address literal given to {@link #start}
     */
    public String address() {
        return address;
    }

    /**
     * Returns the port the server listens on.
     *
     * @return the port the kernel picked
     */
    public int port() {
        return server.getPort();
    }

    /**
     * Returns the CA that signed the serving certificate, which a kubeconfig's {@code certificate-authority-data}
     * carries.
     *
     * @return a {@code CERTIFICATE} PEM block
     */
    public String caPem() {
        return ClusterCertificates.pem(certificates.serverCa());
    }

    /**
     * Returns the admin client certificate ({@code O=system:masters, CN=system:admin}, signed by a separate client
     * CA), which a K3s kubeconfig carries. The server does not check it.
     *
     * @return a {@code CERTIFICATE} PEM block
     */
    public String clientCertPem() {
        return ClusterCertificates.pem(certificates.clientCertificate());
    }

    /**
     * Returns the private key of {@link #clientCertPem()} in the SEC 1 form that K3s writes into its kubeconfig.
     *
     * @return an {@code EC PRIVATE KEY} PEM block
     */
    public String clientKeyPem() {
        return ClusterCertificates.ecPem(certificates.clientKey());
    }

    /**
     * Returns a client for the test to seed and inspect the server's state. It connects to
     * {@code https://address:port} and trusts only {@link #caPem()}.
     *
     * @return a client that {@link #close()} closes
     */
    public KubernetesClient client() {
        return client;
    }

    /** Closes the client and stops the server. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            server.destroy();
        }
    }

    @Override
    public String toString() {
        return "MockKubeApiServer[https://" + address + ":" + port() + "]";
    }

    private Config clientConfig(String host, int port) {
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return new ConfigBuilder(Config.empty())
                .withMasterUrl("https://" + hostPart + ":" + port)
                .withCaCertData(base64(caPem()))
                .withClientCertData(base64(clientCertPem()))
                .withClientKeyData(base64(clientKeyPem()))
                .withClientKeyAlgo("EC")
                .withTrustCerts(false)
                .build();
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static VersionInfo k3sVersion() {
        return new VersionInfo.Builder().withMajor("1").withMinor("29").withGitVersion(K3S_VERSION)
                .withGitTreeState("clean").withCompiler("gc").withPlatform("linux/amd64").build();
    }

    /** Makes the running vert.x server present the serving certificate instead of fabric8's self-signed one. */
    private static void replaceCertificate(MockWebServer web, ClusterCertificates certificates) {
        HttpServer httpServer = httpServerOf(web);
        PemKeyCertOptions keyCert = new PemKeyCertOptions()
                .setKeyValue(Buffer.buffer(ClusterCertificates.pkcs8Pem(certificates.serverKey().getPrivate())))
                .setCertValue(Buffer.buffer(ClusterCertificates.pem(certificates.serverCertificate())));
        try {
            Boolean updated = httpServer.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(keyCert), true)
                    .toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!Boolean.TRUE.equals(updated)) {
                throw new IllegalStateException("vert.x did not apply the mock API server's certificate.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the mock API server's certificate was applied.", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("vert.x could not apply the mock API server's certificate.", e);
        }
    }

    private static HttpServer httpServerOf(MockWebServer web) {
        try {
            Field field = MockWebServer.class.getDeclaredField("httpServer");
            field.setAccessible(true);
            return (HttpServer) field.get(web);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("fabric8's MockWebServer has no HttpServer field 'httpServer' any more,"
                    + " so MockKubeApiServer cannot give it its own certificate. Adapt replaceCertificate to the"
                    + " fabric8 version in pom.xml.", e);
        }
    }

    /**
     * Connects once with TLS, trusting only the server CA and checking the host name, to prove that the server
     * presents the new certificate.
     */
    private static void requireServedCertificate(String host, int port, ClusterCertificates certificates) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("server-ca", certificates.serverCa());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(START_TIMEOUT_SECONDS));
                socket.startHandshake();
                X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                if (!served.equals(certificates.serverCertificate())) {
                    throw new IllegalStateException("The mock API server presents " + served.getSubjectX500Principal()
                            + " instead of its new serving certificate.");
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("The mock API server on " + host + ":" + port + " does not present a"
                    + " certificate signed by its CA: " + e.getMessage(), e);
        }
    }

    /** Parses a PEM certificate, for tests that check what a kubeconfig carries. */
    static X509Certificate parseCertificate(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The text is not a PEM certificate.", e);
        }
    }
}
