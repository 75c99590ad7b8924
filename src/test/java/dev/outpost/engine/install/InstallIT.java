package dev.outpost.engine.install;

import dev.outpost.rig.GatewayRigExtension;
import dev.outpost.rig.RigGateway;
import dev.outpost.testing.K3sTestBundle;
import dev.outpost.testing.MockKubeApiServer;
import dev.outpost.testing.StandInK3s;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Installs from test bundles onto the rig's gateway through the engine, with the K3s stand-ins and the mock API
 * server as the only test doubles, and interrupts the install in the ways a site does: a pulled cable during a
 * transfer and during the K3s start, a restarted gateway, and a cancel. After each, a new run completes with
 * every file's checksum right.
 */
@ExtendWith(GatewayRigExtension.class)
class InstallIT {

    private static final long BIG_IMAGES = 160L * 1024 * 1024;

    private static RigGateway rig;
    private static MockKubeApiServer api;

    @TempDir
    Path home;

    private InstallFixture fixture;

    @BeforeAll
    static void start(RigGateway gateway) {
        rig = gateway;
        api = MockKubeApiServer.start(gateway.hostAddress());
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void clean() {
        fixture = new InstallFixture(rig, api, home);
        fixture.wipeGateway();
    }

    @AfterEach
    void reconnect() {
        rig.plugCable();
    }

    private Path bundle(K3sTestBundle bundle) throws Exception {
        return bundle.build(java.nio.file.Files.createDirectories(home.resolve("bundle")));
    }

    private void assertInstalled(K3sTestBundle description, Path bundle) throws Exception {
        var manifest = new dev.outpost.engine.bundle.BundleReader(bundle,
                java.util.List.of(K3sTestBundle.HEAD_OFFICE.getPublic())).manifest();
        for (ArtifactPlacement placement : Installer.placementsFor(manifest, "x86_64")) {
            assertThat(fixture.sha256On(placement.target())).as(placement.target())
                    .isEqualTo(placement.artifact().sha256());
        }
        assertThat(rig.exec("ls /var/lib/rancher/k3s/agent/images/ /usr/local/bin").stdout())
                .doesNotContain(GatewayPaths.PARTIAL_SUFFIX);
        assertThat(fixture.unitState()).isEqualTo("active");
        assertThat(fixture.nodeReady()).isTrue();
    }

    @Test
    void aSecondRunOnAnInstalledGatewaySendsNothingAndOnlyVerifies() throws Exception {
        K3sTestBundle description = K3sTestBundle.of(StandInK3s.forServer(api));
        Path bundle = bundle(description);
        InstallResult first = fixture.install(bundle);
        assertThat(first.succeeded()).as(first.failedStep() + ": " + first.message()).isTrue();

        InstallResult again = fixture.install(bundle);

        assertThat(again.succeeded()).as(again.message()).isTrue();
        assertThat(again.artifactBytesSent()).isZero();
        var outcomes = fixture.outcomes();
        assertThat(outcomes.remove("check-gateway")).isEqualTo(StepOutcome.DONE);
        assertThat(outcomes).isNotEmpty().allSatisfy((step, outcome) -> assertThat(outcome).as(step)
                .isEqualTo(StepOutcome.ALREADY_DONE));
        assertInstalled(description, bundle);
    }

    @Test
    void aPulledCableDuringATransferIsResumedByTheNextRun() throws Exception {
        K3sTestBundle description = K3sTestBundle.of(StandInK3s.forServer(api)).withImagesSize(BIG_IMAGES, 7);
        Path bundle = bundle(description);
        AtomicBoolean pulled = new AtomicBoolean();

        InstallResult broken = fixture.install(bundle, event -> {
            if (event instanceof InstallEvent.StepProgress p && p.total() == BIG_IMAGES && p.done() > BIG_IMAGES / 3
                    && pulled.compareAndSet(false, true)) {
                rig.pullCable();
            }
        });
        rig.plugCable();

        assertThat(pulled).isTrue();
        assertThat(broken.succeeded()).isFalse();
        assertThat(broken.failedStep()).startsWith(Installer.SEND_PREFIX);
        assertThat(broken.message()).contains("connection to the gateway").contains("was lost");
        long partial = Long.parseLong(rig.exec("stat -c %s /var/lib/rancher/k3s/agent/images/*"
                + GatewayPaths.PARTIAL_SUFFIX).stdout().strip());
        assertThat(partial).isPositive().isLessThan(BIG_IMAGES);

        InstallResult resumed = fixture.install(bundle);

        assertThat(resumed.succeeded()).as(resumed.message()).isTrue();
        assertThat(fixture.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                InstallEvent.StepStarted.class, started -> assertThat(started.message())
                        .startsWith("Resuming k3s-airgap-images-amd64.tar.zst from ")));
        assertThat(resumed.artifactBytesSent()).as("the arrived part is not sent again").isLessThan(BIG_IMAGES);
        assertInstalled(description, bundle);
    }

    @Test
    void aPulledCableWhileK3sStartsIsFinishedByTheNextRun() throws Exception {
        K3sTestBundle description = K3sTestBundle.of(StandInK3s.forServer(api)
                .withStartDelay(Duration.ofSeconds(4)));
        Path bundle = bundle(description);
        AtomicBoolean pulled = new AtomicBoolean();

        InstallResult broken = fixture.install(bundle, event -> {
            if (event instanceof InstallEvent.StepStarted s && s.stepId().equals("wait-for-node")
                    && pulled.compareAndSet(false, true)) {
                rig.pullCable();
            }
        });
        rig.plugCable();

        assertThat(pulled).isTrue();
        assertThat(broken.succeeded()).isFalse();
        InstallResult finished = fixture.install(bundle);

        assertThat(finished.succeeded()).as(finished.message()).isTrue();
        assertThat(finished.artifactBytesSent()).isZero();
        assertInstalled(description, bundle);
    }

    @Test
    void aGatewayRestartedDuringATransferIsFinishedByTheNextRun() throws Exception {
        K3sTestBundle description = K3sTestBundle.of(StandInK3s.forServer(api)).withImagesSize(BIG_IMAGES, 9);
        Path bundle = bundle(description);
        AtomicBoolean restarted = new AtomicBoolean();
        CompletableFuture<Void> restart = new CompletableFuture<>();

        InstallResult broken = fixture.install(bundle, event -> {
            if (event instanceof InstallEvent.StepProgress p && p.total() == BIG_IMAGES && p.done() > BIG_IMAGES / 4
                    && restarted.compareAndSet(false, true)) {
                CompletableFuture.runAsync(rig::restart).whenComplete((v, e) -> restart.complete(null));
            }
        });
        restart.get(3, TimeUnit.MINUTES);

        assertThat(broken.succeeded()).isFalse();
        InstallResult finished = fixture.install(bundle);

        assertThat(finished.succeeded()).as(finished.message()).isTrue();
        assertInstalled(description, bundle);
    }

    @Test
    void cancelDuringATransferLeavesNothingHalfChangedAndTheNextRunResumes() throws Exception {
        K3sTestBundle description = K3sTestBundle.of(StandInK3s.forServer(api)).withImagesSize(BIG_IMAGES, 11);
        Path bundle = bundle(description);
        AtomicBoolean cancelled = new AtomicBoolean();

        InstallResult stopped = fixture.install(bundle, event -> {
            if (event instanceof InstallEvent.StepProgress p && p.total() == BIG_IMAGES && p.done() > BIG_IMAGES / 2
                    && cancelled.compareAndSet(false, true)) {
                CompletableFuture.runAsync(() -> fixture.installer.cancel());
            }
        });

        assertThat(stopped.succeeded()).isFalse();
        assertThat(stopped.message()).contains("cancelled").contains("continues where this one stopped");
        assertThat(fixture.outcomes()).containsValue(StepOutcome.CANCELLED);
        assertThat(rig.exec("test -e /var/lib/rancher/k3s/agent/images/k3s-airgap-images-amd64.tar.zst").exitCode())
                .as("no half-written image archive under its real name").isNotZero();

        InstallResult finished = fixture.install(bundle);

        assertThat(finished.succeeded()).as(finished.message()).isTrue();
        assertInstalled(description, bundle);
    }

    @Test
    void aBundleForAnotherProcessorStopsBeforeAnythingChanges() throws Exception {
        Path bundle = bundle(K3sTestBundle.of(StandInK3s.forServer(api)).arm64Only());

        InstallResult result = fixture.install(bundle);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.message()).contains("no K3s program for the gateway's processor (amd64)")
                .contains("it carries arm64").contains("Nothing was changed");
        assertThat(rig.exec("test -e /var/lib/outpost || test -e /usr/local/bin/k3s || test -e /etc/rancher")
                .exitCode()).isNotZero();
    }

    @Test
    void aNodeThatNeverBecomesReadyTimesOutWithThePlainReasonAndTheK3sLog() throws Exception {
        Path bundle = bundle(K3sTestBundle.of(StandInK3s.forServer(api)
                .withBehaviour(StandInK3s.Behaviour.NEVER_READY)));
        fixture = new InstallFixture(rig, api, home);
        Installer.Timeouts quick = new Installer.Timeouts(Duration.ofMinutes(1), Duration.ofSeconds(8),
                Duration.ofMillis(500));
        fixture.installer = null;

        InstallResult result;
        try (var session = new dev.outpost.engine.gateway.GatewayConnector().connect(fixture.settings())) {
            result = new Installer(home.resolve("journals"), java.time.Clock.systemUTC(), quick).install(session,
                    new InstallRequest(bundle, java.util.List.of(K3sTestBundle.HEAD_OFFICE.getPublic()),
                            SiteSettings.defaults(InstallFixture.SITE)), fixture.events::add);
        }

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failedStep()).isEqualTo("wait-for-node");
        assertThat(result.message()).contains("did not become ready within 8 seconds")
                .contains("not ready yet").contains("K3s log");
        assertThat(fixture.sawOutput(line -> line.startsWith("The last lines of the K3s service log"))).isTrue();
    }

    @Test
    void anImageMissingFromTheBundleIsNamedAsSuch() throws Exception {
        Path bundle = bundle(K3sTestBundle.of(StandInK3s.forServer(api)
                .withBehaviour(StandInK3s.Behaviour.IMAGE_MISSING)));

        InstallResult result = fixture.install(bundle);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.message()).contains("is missing from the bundle").contains("Ask head office");
    }

    @Test
    void aK3sSomeoneElseInstalledIsLeftAlone() throws Exception {
        Path bundle = bundle(K3sTestBundle.of(StandInK3s.forServer(api)));
        rig.exec("mkdir -p /etc/rancher/k3s && printf 'node-name: foreign\\n' > /etc/rancher/k3s/config.yaml"
                + " && printf '#!/bin/sh\\n' > /usr/local/bin/k3s && chmod 755 /usr/local/bin/k3s").requireSuccess();

        InstallResult result = fixture.install(bundle);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failedStep()).isEqualTo("check-gateway");
        assertThat(result.message()).contains("K3s is already installed on this gateway, but not by Outpost")
                .contains("Nothing was changed");
        assertThat(rig.exec("cat /etc/rancher/k3s/config.yaml /usr/local/bin/k3s").stdout())
                .isEqualTo("node-name: foreign\n#!/bin/sh\n");
        assertThat(rig.exec("test -e /var/lib/outpost || test -e /var/lib/rancher/k3s").exitCode()).isNotZero();
    }

    @Test
    void aDamagedBundleStopsBeforeAnythingChanges() throws Exception {
        K3sTestBundle description = K3sTestBundle.of(StandInK3s.forServer(api))
                .withForm(dev.outpost.engine.bundle.BundleForm.FOLDER);
        Path bundle = bundle(description);
        java.nio.file.Files.writeString(bundle.resolve(description.imagesPath()), "appended",
                java.nio.file.StandardOpenOption.APPEND);

        InstallResult result = fixture.install(bundle);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failedStep()).isEqualTo("check-gateway");
        assertThat(result.message()).contains(description.imagesPath());
        assertThat(rig.exec("test -e /var/lib/outpost || test -e /usr/local/bin/k3s || test -e /var/lib/rancher/k3s")
                .exitCode()).isNotZero();
    }
}
