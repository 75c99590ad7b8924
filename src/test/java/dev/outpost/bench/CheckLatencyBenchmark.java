package dev.outpost.bench;

import dev.outpost.engine.checks.CheckCatalog;
import dev.outpost.engine.facts.FactsProbe;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.engine.session.SessionListener;
import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.KeyType;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.DelayingTcpProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Measures {@code outpost check} on a link with 200 ms of added round-trip time, beside OpenSSH's own client running
 * the same probe, and beside the same facts gathered one command at a time. Prints medians and ratios; asserts
 * nothing about time. Run with {@code ./mvnw -Pbench verify}.
 */
@ExtendWith(GatewayRigExtension.class)
class CheckLatencyBenchmark {

    private static final Duration ONE_WAY = Duration.ofMillis(100);
    private static final int RUNS = 5;
    /** The facts the probe gathers, asked one command each, as a tool without batching would. */
    private static final List<String> SEPARATE_COMMANDS = List.of("cat /etc/os-release", "uname -r", "uname -m",
            "grep -c ^processor /proc/cpuinfo", "cat /proc/meminfo", "cat /proc/swaps", "stat -fc %T /sys/fs/cgroup",
            "cat /proc/cgroups", "cat /proc/cmdline", "df -Pk /var/lib", "df -Pk /usr/local/bin", "command -v k3s",
            "systemctl is-active k3s", "cat /proc/net/tcp /proc/net/tcp6", "cat /proc/net/udp /proc/net/udp6",
            "cat /proc/net/route", "date -u +%s", "timedatectl show -p NTPSynchronized --value", "cat /proc/modules",
            "ls /sys/module", "command -v iptables", "ls /dev/ttyS0", "hostname", "id -u");

    @TempDir
    Path home;

    @Test
    void checkOnSlowLink(RigGateway rig) throws Exception {
        try (DelayingTcpProxy proxy = new DelayingTcpProxy(new InetSocketAddress(rig.address(), 22), ONE_WAY)) {
            List<Long> outpost = new ArrayList<>();
            List<Long> openSsh = new ArrayList<>();
            List<Long> separate = new ArrayList<>();
            List<Long> rerun = new ArrayList<>();
            int rerunTurns = 0;
            int outpostTurns = 0;
            int outpostCommands = 0;
            int sshTurns = 0;
            int separateCommands = 0;

            for (int run = 0; run < RUNS; run++) {
                proxy.resetTurns();
                long started = System.nanoTime();
                PreflightReport report = preflight().run(settings(proxy, run), SessionListener.NONE);
                outpost.add(elapsedMillis(started));
                outpostTurns = proxy.turns();
                outpostCommands = report.commandsRun();

                proxy.resetTurns();
                started = System.nanoTime();
                runOpenSsh(rig, proxy);
                openSsh.add(elapsedMillis(started));
                sshTurns = proxy.turns();

                try (GatewaySession session = new GatewayConnector().connect(settings(proxy, run + 2 * RUNS))) {
                    proxy.resetTurns();
                    started = System.nanoTime();
                    preflight().check(session, SessionListener.NONE);
                    rerun.add(elapsedMillis(started));
                    rerunTurns = proxy.turns();
                }

                started = System.nanoTime();
                try (GatewaySession session = new GatewayConnector().connect(settings(proxy, run + RUNS))) {
                    for (String command : SEPARATE_COMMANDS) {
                        session.run(command);
                    }
                    separateCommands = session.commandsRun();
                }
                separate.add(elapsedMillis(started));
            }

            long outpostMedian = median(outpost);
            long sshMedian = median(openSsh);
            long separateMedian = median(separate);
            System.out.println();
            System.out.printf(Locale.ROOT, "Pre-flight check over a link with %d ms added round trip (median of %d"
                    + " runs, delaying proxy on loopback to the rig gateway)%n", ONE_WAY.toMillis() * 2, RUNS);
            System.out.printf(Locale.ROOT, "%-44s %8s %10s %8s%n", "", "wall ms", "commands", "turns");
            System.out.printf(Locale.ROOT, "%-44s %8d %10d %8d%n", "outpost check (connect, facts, checks)",
                    outpostMedian, outpostCommands, outpostTurns);
            System.out.printf(Locale.ROOT, "%-44s %8d %10d %8d%n", "checks again over the open session (wizard)",
                    median(rerun), 1, rerunTurns);
            System.out.printf(Locale.ROOT, "%-44s %8d %10d %8d%n", "OpenSSH ssh running the same probe", sshMedian,
                    1, sshTurns);
            System.out.printf(Locale.ROOT, "%-44s %8d %10d %8s%n", "same facts, one command each", separateMedian,
                    separateCommands, "-");
            System.out.printf(Locale.ROOT, "ratio outpost / OpenSSH: %.2f; one command each / outpost: %.2f%n",
                    (double) outpostMedian / sshMedian, (double) separateMedian / outpostMedian);
            System.out.printf(Locale.ROOT, "target: facts in one round trip and under 1500 ms in all: %s%n",
                    outpostCommands == 1 && outpostMedian < 1500 ? "met" : "NOT met");
        }
    }

    private static Preflight preflight() {
        return new Preflight(new GatewayConnector(), new FactsProbe(), CheckCatalog.standard());
    }

    private ConnectionSettings settings(DelayingTcpProxy proxy, int run) {
        return ConnectionSettings.of("127.0.0.1", RigGateway.ROOT_USER,
                new Credentials.Password(RigGateway.ROOT_PASSWORD.toCharArray()), new HostKeyPolicy.AcceptNew(),
                home.resolve("known_hosts-" + run)).withPort(proxy.port());
    }

    private static void runOpenSsh(RigGateway rig, DelayingTcpProxy proxy) throws Exception {
        String script = new FactsProbe().script();
        Process ssh = new ProcessBuilder("ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
                "-i", rig.keyFile(KeyType.ED25519, false).toString(), "-p", Integer.toString(proxy.port()),
                "root@127.0.0.1", "sh -c '" + script.replace("'", "'\"'\"'") + "'")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        ssh.getOutputStream().write('\n');
        ssh.getOutputStream().close();
        if (!ssh.waitFor(60, TimeUnit.SECONDS) || ssh.exitValue() != 0) {
            throw new IllegalStateException("OpenSSH's ssh failed to run the probe on the rig gateway.");
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
