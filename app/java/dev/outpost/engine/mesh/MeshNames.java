package dev.outpost.engine.mesh;

/** The names of the namespaces and resources a joined site has, as Linkerd, K3s and Rancher expect them. */
public final class MeshNames {

    public static final String LINKERD_NAMESPACE = "linkerd";
    public static final String MULTICLUSTER_NAMESPACE = "linkerd-multicluster";
    /** Outpost's own namespace: the site's identity and, later, its instrument inventory. */
    public static final String OUTPOST_NAMESPACE = "outpost";
    public static final String RANCHER_NAMESPACE = "cattle-system";
    /** Rancher creates this namespace for its Fleet agent once the site's agent has connected. */
    public static final String FLEET_AGENT_NAMESPACE = "cattle-fleet-system";
    public static final String RANCHER_AGENT = "cattle-cluster-agent";

    /** The {@code kubernetes.io/tls} secret the identity controller reads the issuer from. */
    public static final String ISSUER_SECRET = "linkerd-identity-issuer";
    /** The ConfigMap the control-plane chart writes the trust anchor to, under {@link #TRUST_ROOTS_KEY}. */
    public static final String TRUST_ROOTS = "linkerd-identity-trust-roots";
    public static final String TRUST_ROOTS_KEY = "ca-bundle.crt";
    public static final String PROXY_INJECTOR_WEBHOOK = "linkerd-proxy-injector-webhook-config";
    /** The ConfigMap that records the site's id and labels in {@link #OUTPOST_NAMESPACE}. */
    public static final String SITE_CONFIG_MAP = "outpost-site";

    public static final String LINK_GROUP = "multicluster.linkerd.io";
    public static final String LINK_VERSION = "v1alpha1";
    public static final String LINK_CRD = "links." + LINK_GROUP;

    /** K3s's Helm controller reads {@code HelmChart} resources of this group. */
    public static final String HELM_GROUP = "helm.cattle.io";
    /** K3s applies every manifest in this folder on the gateway, and again whenever one changes. */
    public static final String MANIFESTS_DIR = "/var/lib/rancher/k3s/server/manifests";

    private MeshNames() {
    }

    /** Returns the name of the credentials secret for a link to the named cluster. */
    public static String credentialsSecret(String cluster) {
        return "cluster-credentials-" + cluster;
    }

    /** Returns the name of the service mirror that a link to the named cluster runs. */
    public static String serviceMirror(String cluster) {
        return "linkerd-service-mirror-" + cluster;
    }

    /** Returns the name of the mirrored probe service of the named cluster's gateway. */
    public static String probeService(String cluster) {
        return "probe-gateway-" + cluster;
    }
}
