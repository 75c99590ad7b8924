package dev.outpost.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.rig.ExecResult;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.KeyType;
import dev.outpost.rig.RigGateway;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the K3s stand-ins on a rig gateway as the air-gap install does, without the installer: the binary, the image
 * archive and config.yaml are put in place, then the install script stand-in runs with
 * {@code INSTALL_K3S_SKIP_DOWNLOAD=true}. The first tests share one install, which the last of them uninstalls;
 * the later tests install and uninstall their own.
 */
@ExtendWith(GatewayRigExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandInK3sIT {

    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(30);
    private static final String INSTALL_SCRIPT = "/root/k3s-install.sh";
    private static final String CONFIG = """
            # Written as an installer writes it.
            node-name: store-042-gw
            node-label:
              - "outpost.dev/site=store-042"
              - outpost.dev/region=north   # a comment
            disable: [traefik, servicelb]
            cluster-cidr: 10.42.0.0/16
            service-cidr: "10.43.0.0/16"
            tls-san:
              - 127.0.0.1
            """;

    private static MockKubeApiServer api;

    private final RigGateway gateway;

    StandInK3sIT(RigGateway gateway) {
        this.gateway = gateway;
    }

    @BeforeAll
    static void startApi(RigGateway gateway) {
        api = MockKubeApiServer.start(gateway.hostAddress());
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    @Order(1)
    void installStopsBeforeDownload() throws IOException {
        placeFiles(StandInK3s.forServer(api), CONFIG, true);

        ExecResult install = gateway.exec("INSTALL_K3S_EXEC=server sh " + INSTALL_SCRIPT);

        assertThat(install.exitCode()).isNotZero();
        assertThat(install.stderr()).contains("[ERROR]", "would now download k3s",
                "INSTALL_K3S_SKIP_DOWNLOAD=true");
        assertThat(gateway.rootDirectory().resolve("etc/systemd/system/k3s.service")).doesNotExist();
    }

    @Test
    @Order(2)
    void installRejectsNonExecutableBinary() throws IOException {
        placeFiles(StandInK3s.forServer(api), CONFIG, true);
        gateway.exec("chmod 644 /usr/local/bin/k3s").requireSuccess();

        ExecResult install = gateway.exec("INSTALL_K3S_SKIP_DOWNLOAD=true sh " + INSTALL_SCRIPT);

        assertThat(install.exitCode()).isNotZero();
        assertThat(install.stderr()).contains("Executable k3s binary not found at /usr/local/bin/k3s");
    }

    @Test
    @Order(3)
    void installStartsK3sUnit() throws IOException {
        placeFiles(StandInK3s.forServer(api), CONFIG, true);

        ExecResult install = gateway.exec("INSTALL_K3S_SKIP_DOWNLOAD=true INSTALL_K3S_EXEC=server"
                + " K3S_TOKEN=site-token sh " + INSTALL_SCRIPT).requireSuccess();

        assertThat(install.stdout()).contains("[INFO]  Skipping k3s download and verify",
                "[INFO]  Creating /usr/local/bin/kubectl symlink to k3s",
                "[INFO]  systemd: Starting k3s");
        assertThat(gateway.exec("systemctl is-active k3s").stdout().strip()).isEqualTo("active");
        assertThat(gateway.exec("systemctl is-enabled k3s").stdout().strip()).isEqualTo("enabled");
        String unit = Files.readString(gateway.rootDirectory().resolve("etc/systemd/system/k3s.service"));
        assertThat(unit).contains("Type=notify", "ExecStart=/usr/local/bin/k3s \\\n    server \\\n",
                "KillMode=process", "Restart=always");
        assertThat(gateway.exec("stat -c %a /etc/systemd/system/k3s.service.env").stdout().strip()).isEqualTo("600");
        assertThat(Files.readString(gateway.rootDirectory().resolve("etc/systemd/system/k3s.service.env")).strip())
                .isEqualTo("K3S_TOKEN='site-token'");
        for (String link : List.of("kubectl", "crictl", "ctr")) {
            assertThat(gateway.exec("readlink /usr/local/bin/" + link).stdout().strip()).isEqualTo("k3s");
        }
        for (String script : List.of("k3s-killall.sh", "k3s-uninstall.sh")) {
            assertThat(gateway.exec("test -x /usr/local/bin/" + script).exitCode()).as(script).isZero();
        }
        assertThat(gateway.exec("/usr/local/bin/k3s --version").stdout()).startsWith("k3s version v1.29.1+k3s1");
    }

    @Test
    @Order(4)
    void kubeconfigIsK3sFormat() throws IOException {
        assertThat(gateway.exec("stat -c %a /etc/rancher/k3s/k3s.yaml").stdout().strip()).isEqualTo("600");
        String kubeconfig = Files.readString(gateway.rootDirectory().resolve("etc/rancher/k3s/k3s.yaml"));
        assertThat(kubeconfig).contains("    server: https://127.0.0.1:6443\n", "  name: default\n",
                "current-context: default\n", "kind: Config\n");

        Config config = Config.fromKubeconfig(kubeconfig);

        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(decode(config.getCaCertData())).isEqualTo(api.caPem());
        assertThat(decode(config.getClientCertData())).isEqualTo(api.clientCertPem());
        assertThat(decode(config.getClientKeyData())).isEqualTo(api.clientKeyPem());
    }

    @Test
    @Order(5)
    void nodeIsReadyWithLabels() {
        Node node = await("node store-042-gw", () -> api.client().nodes().withName("store-042-gw").get());

        assertThat(node.getMetadata().getLabels()).containsEntry("outpost.dev/site", "store-042")
                .containsEntry("outpost.dev/region", "north")
                .containsEntry("kubernetes.io/hostname", "store-042-gw")
                .containsEntry("kubernetes.io/arch", "amd64");
        assertThat(readyStatus(node)).isEqualTo("True");
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.29.1+k3s1");
        assertThat(node.getMetadata().getAnnotations().get("k3s.io/node-args"))
                .contains("\"--node-label\",\"outpost.dev/site=store-042\"", "\"--disable\",\"traefik\"");
        List<Pod> pods = await("3 system pods", () -> systemPods(3));
        assertThat(pods).extracting(pod -> pod.getStatus().getPhase()).containsOnly("Running");
        assertThat(pods).extracting(pod -> pod.getMetadata().getName())
                .anyMatch(name -> name.startsWith("coredns-"))
                .anyMatch(name -> name.startsWith("local-path-provisioner-"))
                .anyMatch(name -> name.startsWith("metrics-server-"));
        // The stand-in logs the pods' registration just after making them, so the journal may lag the API.
        String journal = await("the pods' registration in the journal", () -> {
            String text = gateway.exec("journalctl -u k3s --no-pager -o cat").stdout();
            return text.contains("Registered the system pods in kube-system") ? text : null;
        });
        assertThat(journal).contains("Registered node store-042-gw", "Registered the system pods in kube-system")
                .doesNotContain("level=error", "skipped line");
    }

    @Test
    @Order(6)
    void relayAnswersInsideGateway() {
        ExecResult nodes = gateway.exec("grep certificate-authority-data /etc/rancher/k3s/k3s.yaml"
                + " | awk '{ print $2 }' | base64 -d > /root/ca.crt"
                + " && curl -sS --cacert /root/ca.crt https://127.0.0.1:6443/api/v1/nodes").requireSuccess();

        assertThat(nodes.stdout()).contains("\"name\":\"store-042-gw\"");
        ExecResult untrusted = gateway.exec("curl -sS --cacert /var/lib/rancher/k3s/server/tls/client-admin.crt"
                + " https://127.0.0.1:6443/api/v1/nodes");
        assertThat(untrusted.exitCode()).as(untrusted.stderr()).isEqualTo(60);
    }

    @Test
    @Order(7)
    void kubeconfigWorksThroughSshForward() throws Exception {
        String kubeconfig = Files.readString(gateway.rootDirectory().resolve("etc/rancher/k3s/k3s.yaml"));
        int localPort = freeLoopbackPort();
        Process forward = new ProcessBuilder("ssh", "-N", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ExitOnForwardFailure=yes",
                "-o", "IdentitiesOnly=yes", "-i", gateway.keyFile(KeyType.ED25519, false).toString(),
                "-L", "127.0.0.1:" + localPort + ":127.0.0.1:6443", RigGateway.ROOT_USER + "@" + gateway.address())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            await("the SSH forward on port " + localPort, () -> portOpen(localPort) ? Boolean.TRUE : null);
            Config config = new ConfigBuilder(Config.fromKubeconfig(kubeconfig))
                    .withMasterUrl("https://127.0.0.1:" + localPort).build();
            try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
                assertThat(client.nodes().withName("store-042-gw").get()).isNotNull();
            }
        } finally {
            forward.destroy();
            forward.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(8)
    void k3sComesBackAfterRestart() {
        gateway.restart();

        assertThat(gateway.exec("systemctl is-active k3s").stdout().strip()).isEqualTo("active");
        ExecResult nodes = gateway.exec("curl -sS --cacert /var/lib/rancher/k3s/server/tls/server-ca.crt"
                + " https://127.0.0.1:6443/api/v1/nodes/store-042-gw");
        assertThat(nodes.stdout()).as(nodes.stderr()).contains("\"name\":\"store-042-gw\"");
    }

    @Test
    @Order(9)
    void uninstallRemovesEverything() {
        gateway.exec("/usr/local/bin/k3s-uninstall.sh").requireSuccess();

        for (String path : List.of("/etc/systemd/system/k3s.service", "/etc/systemd/system/k3s.service.env",
                "/usr/local/bin/k3s", "/usr/local/bin/kubectl", "/usr/local/bin/crictl", "/usr/local/bin/ctr",
                "/usr/local/bin/k3s-killall.sh", "/usr/local/bin/k3s-uninstall.sh", "/etc/rancher/k3s",
                "/var/lib/rancher/k3s", "/run/k3s")) {
            assertThat(gateway.exec("test -e " + path + " || test -L " + path).exitCode()).as(path).isNotZero();
        }
        assertThat(gateway.exec("systemctl is-active k3s").stdout().strip()).isNotEqualTo("active");
        assertThat(gateway.exec("ss -Hltn 'sport = :6443'").stdout()).isBlank();
        assertThat(gateway.exec("pgrep -x socat").stdout()).isBlank();
    }

    @Test
    @Order(10)
    void namedUnitSkipsEnableAndLinks() throws IOException {
        placeFiles(StandInK3s.forServer(api), CONFIG, true);

        gateway.exec("INSTALL_K3S_SKIP_DOWNLOAD=true INSTALL_K3S_NAME=edge INSTALL_K3S_SKIP_ENABLE=true"
                + " INSTALL_K3S_SYMLINK=skip sh " + INSTALL_SCRIPT).requireSuccess();

        assertThat(gateway.rootDirectory().resolve("etc/systemd/system/k3s-edge.service")).exists();
        assertThat(gateway.rootDirectory().resolve("etc/systemd/system/k3s.service")).doesNotExist();
        assertThat(gateway.exec("systemctl is-enabled k3s-edge").stdout().strip()).isNotEqualTo("enabled");
        assertThat(gateway.exec("systemctl is-active k3s-edge").stdout().strip()).isNotEqualTo("active");
        assertThat(gateway.exec("test -e /usr/local/bin/kubectl").exitCode()).isNotZero();
        gateway.exec("/usr/local/bin/k3s-edge-uninstall.sh").requireSuccess();
        assertThat(gateway.exec("test -e /usr/local/bin/k3s").exitCode()).isNotZero();
    }

    @Test
    @Order(11)
    void neverReadyKeepsNodeNotReady() throws IOException {
        try (MockKubeApiServer own = MockKubeApiServer.start(gateway.hostAddress());
                Installed installed = uninstaller()) {
            String config = "node-name: never-ready-gw\nwrite-kubeconfig-mode: \"0644\"\n";
            install(StandInK3s.forServer(own).withBehaviour(StandInK3s.Behaviour.NEVER_READY), config, true);

            Node node = await("node never-ready-gw", () -> own.client().nodes().withName("never-ready-gw").get());
            List<Pod> pods = await("3 system pods", () -> systemPods(own, 3));

            assertThat(readyStatus(node)).isEqualTo("False");
            assertThat(node.getSpec().getTaints()).extracting("key").containsExactly("node.kubernetes.io/not-ready");
            assertThat(pods).extracting(pod -> pod.getStatus().getPhase()).containsOnly("Pending");
            assertThat(gateway.exec("stat -c %a /etc/rancher/k3s/k3s.yaml").stdout().strip()).isEqualTo("644");
        }
    }

    @Test
    @Order(12)
    void missingArchiveFailsImagePull() throws IOException {
        try (MockKubeApiServer own = MockKubeApiServer.start(gateway.hostAddress());
                Installed installed = uninstaller()) {
            install(StandInK3s.forServer(own), "node-name: offline-gw\ndisable:\n- metrics-server\n", false);

            List<Pod> pods = await("2 system pods", () -> systemPods(own, 2));
            List<Event> events = await("4 events", () -> {
                List<Event> found = own.client().v1().events().inNamespace("kube-system").list().getItems();
                return found.size() >= 4 ? found : null;
            });

            assertThat(readyStatus(own.client().nodes().withName("offline-gw").get())).isEqualTo("True");
            Pod coredns = pods.stream().filter(pod -> pod.getMetadata().getName().startsWith("coredns-"))
                    .findFirst().orElseThrow();
            assertThat(coredns.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason())
                    .isEqualTo("ErrImagePull");
            assertThat(events).extracting(Event::getType).containsOnly("Warning");
            assertThat(events).extracting(Event::getMessage).anyMatch(message -> message.startsWith(
                    "Failed to pull image \"docker.io/rancher/mirrored-coredns-coredns:1.10.1\": ")
                    && message.endsWith(": not found"));
            assertThat(events).extracting(Event::getMessage).contains("Error: ErrImagePull");
        }
    }

    @Test
    @Order(13)
    void slowStartDelaysKubeconfig() throws IOException {
        try (MockKubeApiServer own = MockKubeApiServer.start(gateway.hostAddress());
                Installed installed = uninstaller()) {
            StandInK3s slow = StandInK3s.forServer(own).withBehaviour(StandInK3s.Behaviour.SLOW_START)
                    .withStartDelay(Duration.ofSeconds(8));
            placeFiles(slow, "node-name: slow-gw\n", true);
            gateway.exec("INSTALL_K3S_SKIP_DOWNLOAD=true INSTALL_K3S_SKIP_START=true sh " + INSTALL_SCRIPT)
                    .requireSuccess();

            gateway.exec("systemctl start --no-block k3s").requireSuccess();

            assertThat(gateway.exec("systemctl is-active k3s").stdout().strip()).isEqualTo("activating");
            assertThat(gateway.exec("test -e /etc/rancher/k3s/k3s.yaml").exitCode()).isNotZero();
            await("the kubeconfig", () -> gateway.exec("test -e /etc/rancher/k3s/k3s.yaml").succeeded()
                    ? Boolean.TRUE : null);
            await("k3s active", () -> "active".equals(gateway.exec("systemctl is-active k3s").stdout().strip())
                    ? Boolean.TRUE : null);
            Node node = await("node slow-gw", () -> own.client().nodes().withName("slow-gw").get());
            assertThat(readyStatus(node)).isEqualTo("True");
        }
    }

    /** Runs the uninstall script, if there is one, when closed. */
    private interface Installed extends AutoCloseable {
        @Override
        void close();
    }

    private Installed uninstaller() {
        return () -> gateway.exec("test ! -x /usr/local/bin/k3s-uninstall.sh || /usr/local/bin/k3s-uninstall.sh")
                .requireSuccess();
    }

    /** Copies the stand-ins and config.yaml into the gateway, as an installer does before it runs install.sh. */
    private void placeFiles(StandInK3s k3s, String config, boolean withImages) throws IOException {
        Path root = gateway.rootDirectory();
        Files.createDirectories(root.resolve("usr/local/bin"));
        k3s.writeK3sBinary(root.resolve("usr/local/bin/k3s"));
        k3s.writeInstallScript(root.resolve(INSTALL_SCRIPT.substring(1)));
        Path rancher = Files.createDirectories(root.resolve("etc/rancher/k3s"));
        Files.writeString(rancher.resolve("config.yaml"), config, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(rancher.resolve("config.yaml"), PosixFilePermissions.fromString("rw-------"));
        Path images = root.resolve("var/lib/rancher/k3s/agent/images");
        if (withImages) {
            Files.createDirectories(images);
            Files.write(images.resolve("k3s-airgap-images-amd64.tar.zst"), new byte[4096]);
        } else {
            gateway.exec("rm -rf /var/lib/rancher/k3s/agent/images").requireSuccess();
        }
    }

    private void install(StandInK3s k3s, String config, boolean withImages) throws IOException {
        placeFiles(k3s, config, withImages);
        gateway.exec("INSTALL_K3S_SKIP_DOWNLOAD=true sh " + INSTALL_SCRIPT).requireSuccess();
    }

    private static List<Pod> systemPods(int count) {
        return systemPods(api, count);
    }

    private static List<Pod> systemPods(MockKubeApiServer server, int count) {
        List<Pod> pods = server.client().pods().inNamespace("kube-system").list().getItems();
        return pods.size() >= count ? pods : null;
    }

    private static String readyStatus(Node node) {
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus).findFirst().orElse("(no Ready condition)");
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    /** Polls until the supplier returns something other than null, for at most {@link #CLUSTER_TIMEOUT}. */
    private static <T> T await(String description, Supplier<T> probe) {
        long deadline = System.nanoTime() + CLUSTER_TIMEOUT.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(description + " did not appear within " + CLUSTER_TIMEOUT.toSeconds() + " s.");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + description + ".", e);
            }
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
