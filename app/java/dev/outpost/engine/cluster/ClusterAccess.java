package dev.outpost.engine.cluster;

import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.PortForward;
import dev.outpost.engine.gateway.ShellQuoting;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;

/**
 * The site cluster's API, reached from the laptop through an SSH port forward to the gateway's API port, with the
 * credentials and certificate authority of the kubeconfig K3s writes. The server's certificate is verified
 * against the cluster's own CA, host name included; nothing is trusted blindly and no proxy is used.
 */
public final class ClusterAccess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterAccess.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final int REQUEST_TIMEOUT_MILLIS = 15_000;

    private final PortForward forward;
    private final KubernetesClient client;

    private ClusterAccess(PortForward forward, KubernetesClient client) {
        this.forward = forward;
        this.client = client;
    }

    /**
     * Reads the kubeconfig from the gateway as root and opens the forward. Blocks.
     *
     * @param kubeconfigPath where K3s wrote it, such as {@code /etc/rancher/k3s/k3s.yaml}
     * @throws ClusterException when the file is missing or not a kubeconfig for a server on the gateway itself
     */
    public static ClusterAccess open(GatewaySession session, String kubeconfigPath) throws GatewayException,
            ClusterException {
        CommandResult read = session.runAsRoot("cat " + ShellQuoting.quote(kubeconfigPath), new byte[0],
                READ_TIMEOUT);
        if (!read.succeeded() || read.stdout().isBlank()) {
            throw new ClusterException("K3s has not written its kubeconfig " + kubeconfigPath + " yet, so the"
                    + " cluster cannot be reached. Wait for K3s to start, then try again.");
        }
        Config fromFile;
        try {
            fromFile = Config.fromKubeconfig(read.stdout());
        } catch (RuntimeException e) {
            throw new ClusterException("The kubeconfig " + kubeconfigPath + " on the gateway could not be read."
                    + " Restart K3s on the gateway so that it writes the file again.", e);
        }
        int remotePort = gatewayPort(fromFile.getMasterUrl(), kubeconfigPath);
        PortForward forward = session.forwardToGateway(remotePort);
        Config config = new ConfigBuilder(fromFile)
                .withMasterUrl("https://127.0.0.1:" + forward.localPort())
                .withTrustCerts(false)
                .withDisableHostnameVerification(false)
                .withHttpProxy(null)
                .withHttpsProxy(null)
                .withNoProxy(new String[] {"127.0.0.1"})
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
                .withConnectionTimeout(REQUEST_TIMEOUT_MILLIS)
                .build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory()).build();
        log.info("Connected to the site cluster's API through the gateway.");
        return new ClusterAccess(forward, client);
    }

    /** The API port on the gateway's loopback address; the kubeconfig must name a server on the gateway itself. */
    static int gatewayPort(String masterUrl, String kubeconfigPath) throws ClusterException {
        try {
            URI uri = URI.create(masterUrl);
            String host = uri.getHost();
            boolean local = "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
            if (!"https".equals(uri.getScheme()) || !local) {
                throw new ClusterException("The kubeconfig " + kubeconfigPath + " names the server " + masterUrl
                        + ", not one on the gateway itself. Reinstall K3s on the gateway.");
            }
            return uri.getPort() > 0 ? uri.getPort() : 443;
        } catch (IllegalArgumentException e) {
            throw new ClusterException("The kubeconfig " + kubeconfigPath + " names no usable server address."
                    + " Reinstall K3s on the gateway.", e);
        }
    }

    /** The fabric8 client, usable until {@link #close()}. Its calls block. */
    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        forward.close();
    }
}
