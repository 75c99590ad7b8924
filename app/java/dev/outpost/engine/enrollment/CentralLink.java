package dev.outpost.engine.enrollment;

/**
 * What a site's Linkerd multicluster link to the central cluster needs, as head office read it from the central
 * cluster. The site mirrors central services; its service mirror reads the central API with the token.
 *
 * @param apiServerUrl       the central cluster's API address as the site reaches it, such as
 *                           {@code https://central.example.com:6443}
 * @param apiServerCaPem     the CA certificate that the central API's certificate chains to, PEM
 * @param serviceMirrorToken the service account token of {@code linkerd-service-mirror-remote-access-default}
 *                           on the central cluster; a secret
 * @param gatewayAddress     the central multicluster gateway's address (name or IP) as the site reaches it
 * @param gatewayPort        the gateway's port ({@code mc-gateway}, 4143 by default)
 * @param probePort          the gateway's probe port ({@code mc-probe}, 4191 by default)
 * @param probePath          the probe's path, {@code /ready} by default
 * @param probePeriodSeconds the probe's period in seconds
 * @param gatewayIdentity    the gateway's mTLS identity, such as
 *                           {@code linkerd-gateway.linkerd-multicluster.serviceaccount.identity.linkerd.cluster.local}
 * @param trustDomain        the mesh's identity trust domain, {@code cluster.local} by default
 * @param clusterDomain      the central cluster's DNS domain, {@code cluster.local} by default
 */
public record CentralLink(String apiServerUrl, String apiServerCaPem, String serviceMirrorToken,
        String gatewayAddress, int gatewayPort, int probePort, String probePath, int probePeriodSeconds,
        String gatewayIdentity, String trustDomain, String clusterDomain) {

    /** Leaves the token out, so that a log line or an exception never carries it. */
    @Override
    public String toString() {
        return "CentralLink[apiServerUrl=" + apiServerUrl + ", gatewayAddress=" + gatewayAddress + ", gatewayPort="
                + gatewayPort + ", probePort=" + probePort + ", gatewayIdentity=" + gatewayIdentity + "]";
    }
}
