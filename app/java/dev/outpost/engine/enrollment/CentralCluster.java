package dev.outpost.engine.enrollment;

import dev.outpost.engine.mesh.MeshNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The central cluster's side of every site's link, read with fabric8 through head office's kubeconfig. It contains
 * the API address and CA, the service mirror's token, the multicluster gateway's address, ports, probe and identity,
 * the trust and cluster domains, and the mesh's trust anchors. It is read once per run and shared by every site.
 *
 * <p>The lookups follow {@code linkerd multicluster link} (linkerd2, multicluster/cmd/link.go at 01c9890): the token
 * comes from the Secret of type {@code kubernetes.io/service-account-token} in {@value #MULTICLUSTER_NAMESPACE}
 * whose {@code kubernetes.io/service-account.name} annotation names {@value #SERVICE_MIRROR_ACCOUNT}, not from a
 * Secret name; the gateway's address comes from its Service's load-balancer status unless head office gives one.
 *
 * @param link          the link every site gets, with the service mirror's token
 * @param trustRootsPem the central mesh's trust anchors, PEM
 * @param trustRootsSource where the trust anchors were found, for messages
 */
public record CentralCluster(CentralLink link, String trustRootsPem, String trustRootsSource) {

    /** The multicluster extension's namespace. */
    public static final String MULTICLUSTER_NAMESPACE = MeshNames.MULTICLUSTER_NAMESPACE;
    /** The Linkerd control plane's namespace. */
    public static final String LINKERD_NAMESPACE = MeshNames.LINKERD_NAMESPACE;
    /** The service account whose token the site's service mirror uses to read the central API. */
    public static final String SERVICE_MIRROR_ACCOUNT = "linkerd-service-mirror-remote-access-default";
    /** The central multicluster gateway's Service. */
    public static final String GATEWAY_SERVICE = "linkerd-gateway";
    static final String GATEWAY_IDENTITY = "mirror.linkerd.io/gateway-identity";
    static final String PROBE_PATH = "mirror.linkerd.io/probe-path";
    static final String PROBE_PERIOD = "mirror.linkerd.io/probe-period";
    static final String TRUST_ROOTS_CONFIG_MAP = "linkerd-identity-trust-roots";
    static final String DEFAULT_DOMAIN = "cluster.local";

    private static final Logger log = LoggerFactory.getLogger(CentralCluster.class);
    private static final int REQUEST_TIMEOUT_MILLIS = 15_000;
    private static final Pattern PERIOD = Pattern.compile("(\\d+)s?");
    private static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
    private static final String ACCOUNT_ANNOTATION = "kubernetes.io/service-account.name";

    /**
     * Head office's replacements for what the cluster reports.
     *
     * @param apiServerAddress the central API's address as sites reach it, such as
     *                         {@code https://central.example.com:6443}, or {@code null} for the kubeconfig's
     * @param gatewayAddress   the central gateway's address (names or IPs, comma-separated) as sites reach it, or
     *                         {@code null} for the Service's load-balancer address
     */
    public record Overrides(String apiServerAddress, String gatewayAddress) {

        /** Nothing overridden. */
        public static final Overrides NONE = new Overrides(null, null);
    }

    @Override
    public String toString() {
        return "CentralCluster[" + link + ", trustRootsSource=" + trustRootsSource + "]";
    }

    /**
     * Reads the central cluster through the kubeconfig's current context. Blocks on the network.
     *
     * @throws EnrollmentException (invalid request) when the kubeconfig is missing or unusable. (central cluster)
     *                             when the API cannot be read or a piece the link needs is missing, with a message
     *                             that names the piece and what head office should do
     */
    public static CentralCluster read(Path kubeconfig, Overrides overrides) throws EnrollmentException {
        Config config = kubeconfig(kubeconfig);
        String apiServerUrl = apiServerUrl(config, kubeconfig, overrides);
        String caPem = caPem(config, kubeconfig);
        Config connection = new ConfigBuilder(config)
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
                .withConnectionTimeout(REQUEST_TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(0)
                .build();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(connection)
                .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
            log.info("Reading the central cluster's Linkerd multicluster setup from {}.", config.getMasterUrl());
            return read(client, apiServerUrl, caPem, overrides);
        } catch (KubernetesClientException e) {
            throw apiFailure(config.getMasterUrl(), e);
        }
    }

    /**
     * Reads the central cluster through a client that is already connected.
     *
     * @param apiServerUrl the API address the sites will use
     * @param caPem        the CA the sites will trust for it, PEM, or empty when it chains to a public CA
     */
    static CentralCluster read(KubernetesClient client, String apiServerUrl, String caPem, Overrides overrides)
            throws EnrollmentException {
        Service gateway = client.services().inNamespace(MULTICLUSTER_NAMESPACE).withName(GATEWAY_SERVICE).get();
        if (gateway == null) {
            throw missing("has no Service " + GATEWAY_SERVICE + " in the namespace " + MULTICLUSTER_NAMESPACE
                    + "; install the Linkerd multicluster extension on the central cluster");
        }
        Map<String, String> annotations = Optional.ofNullable(gateway.getMetadata().getAnnotations()).orElse(Map.of());
        String identity = annotations.get(GATEWAY_IDENTITY);
        if (identity == null || identity.isBlank()) {
            throw missing("has no annotation " + GATEWAY_IDENTITY + " on the Service " + GATEWAY_SERVICE
                    + "; reinstall the Linkerd multicluster extension there so that the gateway gets its identity");
        }
        ServicePort gatewayPort = port(gateway, "mc-gateway");
        ServicePort probePort = port(gateway, "mc-probe");
        boolean nodePort = "NodePort".equals(gateway.getSpec().getType());
        int gatewayPortNumber = nodePort && gatewayPort.getNodePort() != null ? gatewayPort.getNodePort()
                : gatewayPort.getPort();
        String gatewayAddress = gatewayAddress(gateway, overrides);
        String probePath = Optional.ofNullable(annotations.get(PROBE_PATH)).filter(p -> !p.isBlank()).orElse("/ready");
        int probePeriod = probePeriodSeconds(annotations.get(PROBE_PERIOD));
        String token = serviceMirrorToken(client);
        Map<String, Object> values = linkerdValues(client);
        String clusterDomain = text(values.get("clusterDomain")).orElse(DEFAULT_DOMAIN);
        String trustDomain = text(values.get("identityTrustDomain")).orElse(clusterDomain);
        String[] roots = trustRoots(client, values);
        CentralLink link = new CentralLink(apiServerUrl, caPem, token, gatewayAddress, gatewayPortNumber,
                probePort.getPort(), probePath, probePeriod, identity, trustDomain, clusterDomain);
        log.info("Read the central cluster: gateway {}:{} with identity {}, trust domain {}.", gatewayAddress,
                gatewayPortNumber, identity, trustDomain);
        return new CentralCluster(link, roots[0], roots[1]);
    }

    /**
     * Checks that head office's trust anchor is the one the central cluster's Linkerd uses: the same certificates,
     * in any order. Sites with another anchor could not talk to the central cluster.
     *
     * @throws EnrollmentException (invalid request) when they differ
     */
    public void requireSameTrustAnchors(TrustAnchor anchor) throws EnrollmentException {
        List<X509Certificate> central;
        try {
            central = Pem.certificates(trustRootsPem);
        } catch (CertificateException e) {
            throw missing("has an unreadable trust anchor in " + trustRootsSource + "; check the central cluster's"
                    + " Linkerd installation");
        }
        if (!new HashSet<>(central).equals(new HashSet<>(anchor.bundle()))) {
            throw new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, "The trust anchor certificate"
                    + " given with --trust-anchor-cert differs from the one the central cluster's Linkerd uses ("
                    + trustRootsSource + "); pass the central mesh's own trust anchor certificate and key.");
        }
    }

    private static Config kubeconfig(Path file) throws EnrollmentException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw invalid("The kubeconfig " + file + " does not exist; pass the central cluster's kubeconfig with"
                    + " --central-kubeconfig.", e);
        } catch (IOException e) {
            throw invalid("The kubeconfig " + file + " could not be read (" + e.getMessage() + "); check the path.",
                    e);
        }
        requireCurrentServer(text, file);
        try {
            Config config = Config.fromKubeconfig(null, text, file.toAbsolutePath().toString());
            if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
                throw invalid("The kubeconfig " + file + " names no API server in its current context; choose"
                        + " the central cluster's kubeconfig.", null);
            }
            return config;
        } catch (RuntimeException e) {
            // fabric8's message may quote the file, which contains credentials, so only the type is kept.
            throw invalid("The kubeconfig " + file + " is not a valid kubeconfig; choose the central cluster's"
                    + " kubeconfig.", null);
        }
    }

    /**
     * Rejects a kubeconfig whose current context is missing or names no server. fabric8 would otherwise fall back
     * to its in-cluster default address and send the request there.
     */
    private static void requireCurrentServer(String text, Path file) throws EnrollmentException {
        io.fabric8.kubernetes.api.model.Config parsed;
        try {
            parsed = Serialization.unmarshal(text, io.fabric8.kubernetes.api.model.Config.class);
        } catch (RuntimeException e) {
            // fabric8's message may quote the file, which contains credentials, so only the type is kept.
            throw invalid("The kubeconfig " + file + " is not a valid kubeconfig; choose the central cluster's"
                    + " kubeconfig.", null);
        }
        String current = parsed == null ? null : parsed.getCurrentContext();
        if (current == null || current.isBlank()) {
            throw invalid("The kubeconfig " + file + " names no current context; set current-context to the"
                    + " central cluster's context.", null);
        }
        NamedContext context = parsed.getContexts() == null ? null : parsed.getContexts().stream()
                .filter(c -> current.equals(c.getName())).findFirst().orElse(null);
        if (context == null || context.getContext() == null) {
            throw invalid("The kubeconfig " + file + " names the current context '" + current + "', which it does"
                    + " not contain; set current-context to one of its contexts.", null);
        }
        String clusterName = context.getContext().getCluster();
        NamedCluster cluster = parsed.getClusters() == null ? null : parsed.getClusters().stream()
                .filter(c -> c.getName() != null && c.getName().equals(clusterName)).findFirst().orElse(null);
        if (cluster == null || cluster.getCluster() == null || cluster.getCluster().getServer() == null
                || cluster.getCluster().getServer().isBlank()) {
            throw invalid("The kubeconfig " + file + " names no API server for the context '" + current + "';"
                    + " choose the central cluster's kubeconfig.", null);
        }
    }

    private static String apiServerUrl(Config config, Path file, Overrides overrides) throws EnrollmentException {
        String url = overrides.apiServerAddress() != null ? overrides.apiServerAddress() : config.getMasterUrl();
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw invalid("The API address " + url + " is not a URL; pass one such as"
                    + " https://central.example.com:6443 with --api-server-address.", e);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw invalid("The API address " + url + " is not an https URL; pass one such as"
                    + " https://central.example.com:6443 with --api-server-address.", null);
        }
        String host = uri.getHost();
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("0.0.0.0");
        if (loopback && overrides.apiServerAddress() == null) {
            throw invalid("The kubeconfig " + file + " reaches the central API at " + url + ", which sites cannot"
                    + " reach; pass the address sites use with --api-server-address.", null);
        }
        return url.strip().replaceAll("/+$", "");
    }

    private static String caPem(Config config, Path file) throws EnrollmentException {
        if (config.isTrustCerts()) {
            throw invalid("The kubeconfig " + file + " skips the central API's certificate check"
                    + " (insecure-skip-tls-verify), so sites would have no CA to trust; use a kubeconfig with the"
                    + " API's certificate-authority-data.", null);
        }
        try {
            if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
                return new String(Base64.getDecoder().decode(config.getCaCertData().strip()),
                        StandardCharsets.US_ASCII);
            }
            if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
                return Files.readString(Path.of(config.getCaCertFile()), StandardCharsets.US_ASCII);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw invalid("The central API's CA certificate named in the kubeconfig " + file + " could not be read;"
                    + " check its certificate-authority entry.", e);
        }
        // NOTE: an API certificate from a public CA needs no CA here; the site then trusts its system roots.
        return "";
    }

    private static ServicePort port(Service gateway, String name) throws EnrollmentException {
        for (ServicePort port : Optional.ofNullable(gateway.getSpec().getPorts()).orElse(List.of())) {
            if (name.equals(port.getName())) {
                return port;
            }
        }
        throw missing("has no port named " + name + " on the Service " + GATEWAY_SERVICE + "; reinstall the Linkerd"
                + " multicluster extension there");
    }

    private static String gatewayAddress(Service gateway, Overrides overrides) throws EnrollmentException {
        if (overrides.gatewayAddress() != null && !overrides.gatewayAddress().isBlank()) {
            return overrides.gatewayAddress().strip();
        }
        List<String> addresses = new ArrayList<>();
        if (gateway.getStatus() != null && gateway.getStatus().getLoadBalancer() != null
                && gateway.getStatus().getLoadBalancer().getIngress() != null) {
            for (LoadBalancerIngress ingress : gateway.getStatus().getLoadBalancer().getIngress()) {
                if (ingress.getIp() != null && !ingress.getIp().isBlank()) {
                    addresses.add(ingress.getIp());
                } else if (ingress.getHostname() != null && !ingress.getHostname().isBlank()) {
                    addresses.add(ingress.getHostname());
                }
            }
        }
        if (addresses.isEmpty()) {
            throw missing("reports no load-balancer address for the Service " + GATEWAY_SERVICE + "; pass the address"
                    + " sites reach the central gateway at with --gateway-address");
        }
        return String.join(",", addresses);
    }

    private static int probePeriodSeconds(String annotation) throws EnrollmentException {
        if (annotation == null || annotation.isBlank()) {
            return 3;
        }
        Matcher matcher = PERIOD.matcher(annotation.strip());
        if (!matcher.matches() || Integer.parseInt(matcher.group(1)) < 1) {
            throw missing("has the probe period '" + annotation + "' in " + PROBE_PERIOD + ", which is not a number"
                    + " of seconds; correct the annotation on the Service " + GATEWAY_SERVICE);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static String serviceMirrorToken(KubernetesClient client) throws EnrollmentException {
        for (Secret secret : client.secrets().inNamespace(MULTICLUSTER_NAMESPACE).list().getItems()) {
            Map<String, String> annotations = Optional.ofNullable(secret.getMetadata().getAnnotations())
                    .orElse(Map.of());
            if (!TOKEN_TYPE.equals(secret.getType())
                    || !SERVICE_MIRROR_ACCOUNT.equals(annotations.get(ACCOUNT_ANNOTATION))) {
                continue;
            }
            String encoded = secret.getData() == null ? null : secret.getData().get("token");
            String token;
            try {
                token = encoded == null ? "" : new String(Base64.getDecoder().decode(encoded),
                        StandardCharsets.UTF_8).strip();
            } catch (IllegalArgumentException e) {
                token = "";
            }
            if (token.isEmpty()) {
                throw missing("has an empty token in the Secret " + secret.getMetadata().getName() + " for the"
                        + " service account " + SERVICE_MIRROR_ACCOUNT + "; wait a minute for Kubernetes to fill"
                        + " it in, then try again");
            }
            return token;
        }
        throw missing("has no token Secret for the service account " + SERVICE_MIRROR_ACCOUNT + " in the namespace "
                + MULTICLUSTER_NAMESPACE + "; install the Linkerd multicluster extension on the central cluster");
    }

    private static Map<String, Object> linkerdValues(KubernetesClient client) throws EnrollmentException {
        ConfigMap config = client.configMaps().inNamespace(LINKERD_NAMESPACE).withName("linkerd-config").get();
        if (config == null) {
            throw missing("has no ConfigMap linkerd-config in the namespace " + LINKERD_NAMESPACE + "; install"
                    + " Linkerd on the central cluster first");
        }
        String values = config.getData() == null ? null : config.getData().get("values");
        if (values == null || values.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = new KubernetesSerialization().unmarshal(values, Map.class);
            return parsed == null ? Map.of() : parsed;
        } catch (RuntimeException e) {
            throw missing("has unreadable values in the ConfigMap linkerd-config; check the central cluster's Linkerd"
                    + " installation");
        }
    }

    /** Returns the trust anchors' PEM and where they were found. */
    private static String[] trustRoots(KubernetesClient client, Map<String, Object> values)
            throws EnrollmentException {
        ConfigMap roots = client.configMaps().inNamespace(LINKERD_NAMESPACE).withName(TRUST_ROOTS_CONFIG_MAP).get();
        String bundle = roots == null || roots.getData() == null ? null : roots.getData().get("ca-bundle.crt");
        if (bundle != null && !bundle.isBlank()) {
            return new String[] {bundle, "ConfigMap " + TRUST_ROOTS_CONFIG_MAP + ", key ca-bundle.crt"};
        }
        Optional<String> fromValues = text(values.get("identityTrustAnchorsPEM"));
        if (fromValues.isPresent()) {
            return new String[] {fromValues.get(), "ConfigMap linkerd-config, value identityTrustAnchorsPEM"};
        }
        throw missing("shows no trust anchor: neither the ConfigMap " + TRUST_ROOTS_CONFIG_MAP + " (key ca-bundle.crt)"
                + " nor identityTrustAnchorsPEM in linkerd-config; check the central cluster's Linkerd installation");
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s.strip()) : Optional.empty();
    }

    private static EnrollmentException apiFailure(String url, KubernetesClientException e) {
        int code = e.getCode();
        if (code == 401 || code == 403) {
            return new EnrollmentException(EnrollmentException.Kind.CENTRAL_CLUSTER, "The central cluster's API at "
                    + url + " refused head office's kubeconfig (HTTP " + code + "); use a kubeconfig that may read"
                    + " Services and Secrets in " + MULTICLUSTER_NAMESPACE + " and ConfigMaps in "
                    + LINKERD_NAMESPACE + ".", e);
        }
        return new EnrollmentException(EnrollmentException.Kind.CENTRAL_CLUSTER, "The central cluster's API at " + url
                + " could not be read (" + (code > 0 ? "HTTP " + code : "no response") + "); check"
                + " the kubeconfig and the network, then try again.", e);
    }

    private static EnrollmentException missing(String problem) {
        return new EnrollmentException(EnrollmentException.Kind.CENTRAL_CLUSTER, "The central cluster " + problem + ".");
    }

    private static EnrollmentException invalid(String message, Throwable cause) {
        return new EnrollmentException(EnrollmentException.Kind.INVALID_REQUEST, message, cause);
    }
}
