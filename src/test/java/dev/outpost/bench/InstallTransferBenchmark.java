package dev.outpost.bench;

import dev.outpost.engine.bundle.BundleForm;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.engine.install.InstallEvent;
import dev.outpost.engine.install.InstallRequest;
import dev.outpost.engine.install.InstallResult;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.install.SiteSettings;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.KeyType;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.DelayingTcpProxy;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.StandInK3s;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Sends a 500 MB bundle to the rig's gateway with {@code outpost install} and the same files with OpenSSH's
 * {@code scp}, on the plain link and through a proxy that adds 50 ms of round-trip time, then installs again and
 * prints the bundle bytes the second run sent. Prints throughputs and ratios; asserts nothing about time. Run
 * with {@code ./mvnw -Pbench verify -Dit.test=InstallTransferBenchmark}.
 */
@ExtendWith(GatewayRigExtension.class)
class InstallTransferBenchmark {

    private static final long IMAGES = 500L * 1024 * 1024;
    private static final Duration ONE_WAY = Duration.ofMillis(25);

    @TempDir
    Path home;

    @Test
    void transferBesideScp(RigGateway rig) throws Exception {
        try (MockKubeApiServer api = MockKubeApiServer.start(rig.hostAddress())) {
            Path bundle = K3sTestBundle.of(StandInK3s.forServer(api)).withForm(BundleForm.FOLDER)
                    .withImagesSize(IMAGES, 5).build(Files.createDirectories(home.resolve("bundle")));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(bundle)) {
                files = walk.filter(Files::isRegularFile).filter(f -> !f.toString().contains("arm64")).toList();
            }
            long bytes = files.stream().mapToLong(InstallTransferBenchmark::size).sum();

            System.out.println();
            System.out.printf(Locale.ROOT, "Bundle transfer to the rig gateway (%d MB in %d files)%n",
                    bytes / (1024 * 1024), files.size());
            link(rig, api, bundle, files, bytes, rig.address(), 22, "plain link");
            try (DelayingTcpProxy proxy = new DelayingTcpProxy(new InetSocketAddress(rig.address(), 22), ONE_WAY)) {
                link(rig, api, bundle, files, bytes, "127.0.0.1", proxy.port(), "50 ms added round trip");
            }
        }
    }

    private void link(RigGateway rig, MockKubeApiServer api, Path bundle, List<Path> files, long bytes, String host,
            int port, String name) throws Exception {
        wipe(rig);
        double scp = scp(rig, files, host, port);
        double[] outpost = new double[1];
        InstallResult first = install(rig, bundle, host, port, outpost);
        InstallResult second = install(rig, bundle, host, port, new double[1]);
        System.out.printf(Locale.ROOT, "  %-24s outpost %7.1f MB/s   scp %7.1f MB/s   ratio %.2f (target >= 0.90)%n",
                name, outpost[0], scp, outpost[0] / scp);
        System.out.printf(Locale.ROOT, "  %-24s first run sent %d bytes (%s), second run sent %d bytes (target 0,"
                + " %s)%n", "", first.artifactBytesSent(), first.succeeded() ? "installed" : first.message(),
                second.artifactBytesSent(), second.succeeded() ? "installed" : second.message());
    }

    /** Installs and writes the artifact throughput in MB/s, from the first send step's start to the last's end. */
    private InstallResult install(RigGateway rig, Path bundle, String host, int port, double[] throughput)
            throws Exception {
        ConnectionSettings settings = new ConnectionSettings(host, port, RigGateway.ROOT_USER,
                new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray()), new HostKeyPolicy.AcceptNew(),
                home.resolve("known_hosts-" + port), Duration.ofSeconds(10), Duration.ofMinutes(5),
                ConnectionSettings.DEFAULT_KEEP_ALIVE);
        long[] window = {0, 0};
        long[] sent = {0};
        try (GatewaySession session = new GatewayConnector().connect(settings)) {
            InstallResult result = new Installer(home.resolve("journals"), Clock.systemUTC(),
                    Installer.Timeouts.DEFAULT).install(session, new InstallRequest(bundle,
                    List.of(K3sTestBundle.HEAD_OFFICE.getPublic()), SiteSettings.defaults("bench-site")), event -> {
                        if (event instanceof InstallEvent.StepStarted s && s.stepId().startsWith("send:")
                                && window[0] == 0) {
                            window[0] = System.nanoTime();
                        }
                        if (event instanceof InstallEvent.StepFinished f && f.stepId().startsWith("send:")) {
                            window[1] = System.nanoTime();
                        }
                    });
            sent[0] = result.artifactBytesSent();
            throughput[0] = sent[0] / 1048576.0 / ((window[1] - window[0]) / 1e9);
            return result;
        }
    }

    private double scp(RigGateway rig, List<Path> files, String host, int port) throws Exception {
        rig.exec("rm -rf /var/tmp/scp-bench && mkdir -p /var/tmp/scp-bench").requireSuccess();
        List<String> command = new ArrayList<>(List.of("scp", "-q", "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-i", rig.keyFile(KeyType.ED25519, false).toString(), "-P", Integer.toString(port)));
        files.forEach(f -> command.add(f.toString()));
        command.add("root@" + host + ":/var/tmp/scp-bench/");
        long started = System.nanoTime();
        Process scp = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (!scp.waitFor(10, TimeUnit.MINUTES) || scp.exitValue() != 0) {
            throw new IllegalStateException("OpenSSH's scp failed to copy the bundle to the rig gateway.");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long bytes = files.stream().mapToLong(InstallTransferBenchmark::size).sum();
        rig.exec("rm -rf /var/tmp/scp-bench").requireSuccess();
        return bytes / 1048576.0 / seconds;
    }

    private static void wipe(RigGateway rig) {
        rig.exec("[ -x /usr/local/bin/k3s-uninstall.sh ] && /usr/local/bin/k3s-uninstall.sh >/dev/null 2>&1;"
                + " rm -rf /var/lib/outpost /var/lib/rancher/k3s /etc/rancher /usr/local/bin/k3s*; true");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
