package dev.outpost.engine.install;

import dev.outpost.engine.bundle.SigningKeys;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.Credentials;
import dev.outpost.engine.gateway.GatewayConnector;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.rig.ExecResult;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs the install engine against a rig gateway, as the tech user with sudo, and reads back what landed. The
 * keep-alive is short so a pulled cable is noticed within seconds.
 */
final class InstallFixture {

    static final String SITE = "store-0042";
    static final Installer.Timeouts TIMEOUTS = new Installer.Timeouts(Duration.ofMinutes(2), Duration.ofMinutes(2),
            Duration.ofMillis(500));

    final RigGateway rig;
    final MockKubeApiServer api;
    final Path home;
    final List<InstallEvent> events = Collections.synchronizedList(new ArrayList<>());
    volatile Installer installer;

    InstallFixture(RigGateway rig, MockKubeApiServer api, Path home) {
        this.rig = rig;
        this.api = api;
        this.home = home;
    }

    ConnectionSettings settings() {
        return new ConnectionSettings(rig.address(), ConnectionSettings.DEFAULT_PORT, RigGateway.TECH_USER,
                new Credentials.Password(RigGateway.TECH_PASSWORD.toCharArray()), new HostKeyPolicy.AcceptNew(),
                home.resolve("known_hosts"), Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(2));
    }

    /** Installs from the bundle; the listener gets every event before the fixture records it. */
    InstallResult install(Path bundle, InstallListener also) throws Exception {
        events.clear();
        installer = new Installer(home.resolve("journals"), Clock.systemUTC(), TIMEOUTS);
        try (GatewaySession session = new GatewayConnector().connect(settings())) {
            return installer.install(session, new InstallRequest(bundle, List.of(K3sTestBundle.HEAD_OFFICE
                    .getPublic()), SiteSettings.defaults(SITE)), event -> {
                        also.onEvent(event);
                        events.add(event);
                    });
        }
    }

    InstallResult install(Path bundle) throws Exception {
        return install(bundle, InstallListener.NONE);
    }

    /** Installs with the enrolled site's settings and joins the mesh. */
    InstallResult join(Path bundle, MeshJoin join) throws Exception {
        events.clear();
        installer = new Installer(home.resolve("journals"), Clock.systemUTC(), TIMEOUTS);
        try (GatewaySession session = new GatewayConnector().connect(settings())) {
            return installer.install(session, InstallRequest.joining(bundle,
                    List.of(K3sTestBundle.HEAD_OFFICE.getPublic()), join), events::add);
        }
    }

    /** The message of the step that failed in the last run, or {@code null}. */
    String failureMessage() {
        synchronized (events) {
            return events.stream().filter(InstallEvent.StepFinished.class::isInstance)
                    .map(InstallEvent.StepFinished.class::cast).filter(f -> f.outcome() == StepOutcome.FAILED)
                    .map(InstallEvent.StepFinished::message).findFirst().orElse(null);
        }
    }

    /** The outcome of each step that finished in the last run, by step id. */
    Map<String, StepOutcome> outcomes() {
        Map<String, StepOutcome> outcomes = new java.util.LinkedHashMap<>();
        synchronized (events) {
            events.stream().filter(InstallEvent.StepFinished.class::isInstance).map(InstallEvent.StepFinished.class::cast)
                    .forEach(f -> outcomes.put(f.stepId(), f.outcome()));
        }
        return outcomes;
    }

    boolean sawOutput(Predicate<String> line) {
        synchronized (events) {
            return events.stream().filter(InstallEvent.StepOutput.class::isInstance)
                    .map(e -> ((InstallEvent.StepOutput) e).line()).anyMatch(line);
        }
    }

    String sha256On(String path) {
        ExecResult result = rig.exec("sha256sum " + path + " 2>/dev/null | cut -c1-64");
        return result.stdout().strip();
    }

    String unitState() {
        return rig.exec("systemctl is-active k3s").stdout().strip();
    }

    boolean nodeReady() {
        var node = api.client().nodes().withName(SITE).get();
        return dev.outpost.engine.cluster.NodeReadiness.isReady(node);
    }

    /** Removes everything an install placed, so the next test starts from a clean gateway. */
    void wipeGateway() {
        rig.exec("[ -x /usr/local/bin/k3s-uninstall.sh ] && /usr/local/bin/k3s-uninstall.sh >/dev/null 2>&1;"
                + " rm -rf /var/lib/outpost /var/lib/rancher/k3s /etc/rancher /usr/local/bin/k3s*;"
                + " rm -f /etc/systemd/system/k3s.service*; systemctl daemon-reload; true");
        api.client().nodes().withName(SITE).delete();
        api.client().pods().inNamespace("kube-system").delete();
        api.client().v1().events().inNamespace("kube-system").delete();
    }

    static Path publicKey(Path dir) throws Exception {
        Path file = dir.resolve("head-office.pub");
        SigningKeys.writePublicKey(K3sTestBundle.HEAD_OFFICE.getPublic(), file);
        return file;
    }
}
