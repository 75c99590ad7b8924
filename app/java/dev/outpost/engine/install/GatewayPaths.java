package dev.outpost.engine.install;

/** Where Outpost and K3s keep things on the gateway. The K3s paths are those of K3s's air-gap documentation. */
public final class GatewayPaths {

    /** Outpost's own folder: the journal and the K3s install script. */
    public static final String OUTPOST_DIR = "/var/lib/outpost";
    public static final String JOURNAL = OUTPOST_DIR + "/journal.json";
    public static final String INSTALL_SCRIPT = OUTPOST_DIR + "/k3s/install.sh";
    public static final String K3S_BINARY = "/usr/local/bin/k3s";
    /** K3s imports every image archive in this folder when it starts. */
    public static final String IMAGES_DIR = "/var/lib/rancher/k3s/agent/images";
    /** K3s's Helm controller serves chart archives from this folder to {@code HelmChart} resources. */
    public static final String CHARTS_DIR = "/var/lib/rancher/k3s/server/static/charts";
    public static final String K3S_CONFIG = "/etc/rancher/k3s/config.yaml";
    public static final String KUBECONFIG = "/etc/rancher/k3s/k3s.yaml";
    /** The script the K3s install script writes, which removes K3s and its data. */
    public static final String K3S_UNINSTALL = "/usr/local/bin/k3s-uninstall.sh";
    public static final String K3S_UNIT = "k3s";
    /** Appended to a file's path while it is being received; the file takes its real name once verified. */
    public static final String PARTIAL_SUFFIX = ".outpost-partial";

    private GatewayPaths() {
    }
}
