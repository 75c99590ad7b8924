package dev.outpost.bench;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.diagnostics.DiagnosticsExport;
import dev.outpost.engine.diagnostics.DiagnosticsRequest;
import dev.outpost.engine.diagnostics.ExportResult;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.engine.install.InstallRequest;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.install.SiteSettings;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.DelayingTcpProxy;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.StandInK3s;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measures writing a diagnostics export from the rig's gateway after an install that failed on a missing image, so
 * that the K3s log, the journal and the cluster snapshot have content: connecting included, over the direct link
 * and over a link with 200 ms of added round-trip time, and from the laptop alone. Prints medians; asserts nothing
 * about time. Run with {@code ./mvnw -Pbench verify}.
 */
@ExtendWith(GatewayRigExtension.class)
class DiagnosticsExportBenchmark {

    private static final int RUNS = 5;
    private static final Duration ONE_WAY = Duration.ofMillis(100);

    @TempDir
    Path home;

    @Test
    void exportAfterFailedInstall(RigGateway rig) throws Exception {
        try (MockKubeApiServer api = MockKubeApiServer.start(rig.hostAddress())) {
            AppDirectories directories = new AppDirectories(home.resolve("data"), home.resolve("logs"));
            Path bundle = K3sTestBundle.of(StandInK3s.forServer(api).withBehaviour(
                    StandInK3s.Behaviour.IMAGE_MISSING)).build(Files.createDirectories(home.resolve("bundle")));
            try (GatewaySession session = new GatewayConnector().connect(settings(rig.address(), 22))) {
                new Installer(directories.installJournals(), Clock.systemUTC(), new Installer.Timeouts(
                        Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMillis(500))).install(session,
                        new InstallRequest(bundle, List.of(K3sTestBundle.HEAD_OFFICE.getPublic()),
                                SiteSettings.defaults("store-0042")), event -> { });
            }
            DiagnosticsExport export = new DiagnosticsExport(new Preflight(new GatewayConnector(), new FactsProbe(),
                    CheckCatalog.standard()), Clock.systemUTC(), "bench");
            DiagnosticsRequest request = DiagnosticsRequest.laptopOnly(directories, null);

            List<Long> direct = new ArrayList<>();
            List<Long> slow = new ArrayList<>();
            List<Long> laptop = new ArrayList<>();
            ExportResult last = null;
            try (DelayingTcpProxy proxy = new DelayingTcpProxy(new InetSocketAddress(rig.address(), 22), ONE_WAY)) {
                for (int i = 0; i < RUNS; i++) {
                    last = timed(direct, () -> withGateway(export, request, rig.address(), 22, rig.address()));
                    timed(slow, () -> withGateway(export, request, "127.0.0.1", proxy.port(), rig.address()));
                    timed(laptop, () -> export.write(request.withGateway(rig.address(), 22, null,
                            "The benchmark connects no gateway."), home.resolve("laptop.zip")));
                }
            }
            long size = Files.size(last.file());
            System.out.printf(Locale.ROOT, "%nDiagnostics export after a failed install, median of %d runs%n", RUNS);
            System.out.printf(Locale.ROOT, "%-58s %8s%n", "run", "wall ms");
            System.out.printf(Locale.ROOT, "%-58s %8d%n", "with the gateway, direct link (connect included)",
                    median(direct));
            System.out.printf(Locale.ROOT, "%-58s %8d%n", "with the gateway, 200 ms round trip (connect included)",
                    median(slow));
            System.out.printf(Locale.ROOT, "%-58s %8d%n", "laptop only (gateway gone)", median(laptop));
            System.out.printf(Locale.ROOT, "export: %d entries, %d bytes zipped, %d not collected%n",
                    last.entries().size(), size, last.notCollected().size());
        }
    }

    private ExportResult withGateway(DiagnosticsExport export, DiagnosticsRequest request, String host, int port,
            String gateway) throws Exception {
        try (GatewaySession session = new GatewayConnector().connect(settings(host, port))) {
            return export.write(request.withGateway(gateway, 22, session, null), home.resolve("gateway.zip"));
        }
    }

    private ConnectionSettings settings(String host, int port) {
        return new ConnectionSettings(host, port, RigGateway.TECH_USER,
                new Credentials.Password(RigGateway.TECH_PASSWORD.toCharArray()), new HostKeyPolicy.AcceptNew(),
                home.resolve("known_hosts-" + port), Duration.ofSeconds(10), Duration.ofMinutes(2),
                Duration.ofSeconds(15));
    }

    private interface Run {
        ExportResult call() throws Exception;
    }

    private static ExportResult timed(List<Long> into, Run run) throws Exception {
        long started = System.nanoTime();
        ExportResult result = run.call();
        into.add((System.nanoTime() - started) / 1_000_000);
        return result;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
