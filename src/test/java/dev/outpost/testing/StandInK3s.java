package dev.outpost.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test doubles of K3s's {@code install.sh} and of the {@code k3s} binary, both POSIX shell scripts, made for one
 * {@link MockKubeApiServer}. They stand in for the real files in a test bundle, so that an installer can run K3s's
 * documented air-gap install on a rig gateway unchanged:
 *
 * <ul>
 *   <li>The install script stand-in honours the real script's {@code INSTALL_K3S_*} variables and writes the same
 *       files: the unit {@code k3s.service} (or {@code k3s-NAME.service}) and its {@code .env} file, the
 *       {@code kubectl}, {@code crictl} and {@code ctr} links, {@code k3s-killall.sh} and {@code k3s-uninstall.sh}.
 *       It then enables and starts the unit. It stops with an error unless {@code INSTALL_K3S_SKIP_DOWNLOAD=true},
 *       since the real script would then download K3s, and it requires the binary to be executable already.</li>
 *   <li>The {@code k3s server} stand-in reads {@code /etc/rancher/k3s/config.yaml}, writes the kubeconfig
 *       {@code /etc/rancher/k3s/k3s.yaml} with the server's CA and admin client certificate, and relays port 6443
 *       of the gateway to the mock server. It then registers its node and the system pods there, as its
 *       {@link Behaviour} selects.</li>
 * </ul>
 *
 * <p>The gateway needs {@code socat}, {@code curl}, {@code ss} and {@code systemd-notify}, which the rig's base
 * image has. The mock server must listen on an IPv4 address that the gateway reaches, such as the rig gateway's
 * {@code hostAddress()}. Instances are immutable.
 */
public final class StandInK3s {

    /** The K3s version that the stand-ins report and that test bundles carry. */
    public static final String VERSION = "v1.29.1+k3s1";

    /** The default wait of {@link Behaviour#SLOW_START}. */
    public static final Duration DEFAULT_START_DELAY = Duration.ofSeconds(15);

    private static final String INSTALL_TEMPLATE = "/dev/outpost/testing/k3s-install-stand-in.sh";
    private static final String K3S_TEMPLATE = "/dev/outpost/testing/k3s-stand-in.sh";
    private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    /** What the {@code k3s server} stand-in does once systemd has started it. */
    public enum Behaviour {
        /** The node is Ready and the system pods in {@code kube-system} are Running. */
        READY,
        /**
         * The node stays NotReady (reason {@code KubeletNotReady}, the CNI is not initialized) with the
         * {@code node.kubernetes.io/not-ready} taint, and the system pods stay Pending and unscheduled.
         */
        NEVER_READY,
        /**
         * The node is Ready, but each system pod is Pending with its container waiting in {@code ErrImagePull}, and
         * {@code kube-system} has the Warning events {@code Failed to pull image "docker.io/rancher/...": ... not
         * found} and {@code Error: ErrImagePull}, as when an image is in no imported archive and the site is
         * offline. The stand-in behaves so on its own when {@code /var/lib/rancher/k3s/agent/images} has no
         * archive.
         */
        IMAGE_MISSING,
        /**
         * As {@link #READY}, after a wait: the kubeconfig, the API port and systemd's readiness come only after the
         * start delay.
         */
        SLOW_START
    }

    private final String apiHost;
    private final int apiPort;
    private final String serverCaPem;
    private final String clientCertPem;
    private final String clientKeyPem;
    private final Behaviour behaviour;
    private final Duration startDelay;

    private StandInK3s(String apiHost, int apiPort, String serverCaPem, String clientCertPem, String clientKeyPem,
            Behaviour behaviour, Duration startDelay) {
        this.apiHost = apiHost;
        this.apiPort = apiPort;
        this.serverCaPem = serverCaPem;
        this.clientCertPem = clientCertPem;
        this.clientKeyPem = clientKeyPem;
        this.behaviour = behaviour;
        this.startDelay = startDelay;
    }

    /**
     * Makes stand-ins that relay to the given server and behave as {@link Behaviour#READY}.
     *
     * @param server a running mock server on an IPv4 address
     * @return the stand-ins
     * @throws IllegalArgumentException when the server listens on an IPv6 address
     */
    public static StandInK3s forServer(MockKubeApiServer server) {
        if (!IPV4.matcher(server.address()).matches()) {
            throw new IllegalArgumentException("The K3s stand-in relays only to IPv4 addresses, and the mock API"
                    + " server listens on " + server.address() + ".");
        }
        return new StandInK3s(server.address(), server.port(), server.caPem(), server.clientCertPem(),
                server.clientKeyPem(), Behaviour.READY, DEFAULT_START_DELAY);
    }

    /**
     * Returns stand-ins that behave differently.
     *
     * @param newBehaviour what the {@code k3s server} stand-in does
     * @return a copy with that behaviour
     */
    public StandInK3s withBehaviour(Behaviour newBehaviour) {
        return new StandInK3s(apiHost, apiPort, serverCaPem, clientCertPem, clientKeyPem,
                Objects.requireNonNull(newBehaviour), startDelay);
    }

    /**
     * Returns stand-ins whose {@link Behaviour#SLOW_START} waits this long; other behaviours do not wait.
     *
     * @param delay the wait, in whole seconds
     * @return a copy with that delay
     */
    public StandInK3s withStartDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("The start delay must not be negative, and it is " + delay + ".");
        }
        return new StandInK3s(apiHost, apiPort, serverCaPem, clientCertPem, clientKeyPem, behaviour, delay);
    }

    /**
     * Returns the behaviour of the {@code k3s server} stand-in.
     *
     * @return the behaviour
     */
    public Behaviour behaviour() {
        return behaviour;
    }

    /**
     * Returns the text of the install script stand-in, which is the bundle's {@code install.sh}.
     *
     * @return a POSIX shell script
     */
    public String installScript() {
        return fill(INSTALL_TEMPLATE, Map.of());
    }

    /**
     * Returns the text of the {@code k3s} binary stand-in, with the mock server's address, port, CA and admin
     * client certificate in it.
     *
     * @return a POSIX shell script
     */
    public String k3sBinary() {
        return fill(K3S_TEMPLATE, Map.of(
                "@K3S_VERSION@", VERSION,
                "@BEHAVIOUR@", behaviour.name(),
                "@START_DELAY_SECONDS@", Long.toString(startDelay.toSeconds()),
                "@MOCK_API_HOST@", apiHost,
                "@MOCK_API_PORT@", Integer.toString(apiPort),
                "@SERVER_CA_PEM@", serverCaPem.strip(),
                "@CLIENT_CERT_PEM@", clientCertPem.strip(),
                "@CLIENT_KEY_PEM@", clientKeyPem.strip()));
    }

    /**
     * Writes the install script stand-in to a file with mode 0755.
     *
     * @param file the file to write; its folder must exist
     * @return the file
     */
    public Path writeInstallScript(Path file) throws IOException {
        return writeExecutable(file, installScript());
    }

    /**
     * Writes the {@code k3s} binary stand-in to a file with mode 0755.
     *
     * @param file the file to write; its folder must exist
     * @return the file
     */
    public Path writeK3sBinary(Path file) throws IOException {
        return writeExecutable(file, k3sBinary());
    }

    private static Path writeExecutable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static String fill(String resource, Map<String, String> values) {
        String text = template(resource);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        Matcher left = PLACEHOLDER.matcher(text);
        if (left.find()) {
            throw new IllegalStateException("The template " + resource + " has the unknown placeholder "
                    + left.group() + ".");
        }
        return text;
    }

    private static String template(String resource) {
        try (InputStream in = StandInK3s.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The test class path lacks " + resource + ".");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
