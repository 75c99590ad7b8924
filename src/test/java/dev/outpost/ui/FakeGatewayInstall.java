package dev.outpost.ui;

import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.engine.install.InstallEvent;
import dev.outpost.engine.install.InstallListener;
import dev.outpost.engine.install.InstallResult;
import dev.outpost.engine.install.MeshJoin;
import dev.outpost.engine.install.SiteSettings;
import dev.outpost.engine.install.StepInfo;
import dev.outpost.engine.install.StepOutcome;
import dev.outpost.ui.common.GatewayConnection;
import dev.outpost.ui.common.GatewayInstall;
import dev.outpost.ui.common.VerifiedBundle;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Test double of {@link GatewayInstall}: no gateway, but the engine's contract. It runs an air-gap K3s plan of eight
 * steps, with byte progress for the transfers, the install script's output and the node's readiness. Steps done by
 * an earlier run report already done, as the engine's journal makes them. It can fail a step with a sentence, lose
 * the connection at a step, or hold a step until the test releases it. Closing the connection cancels the held
 * step, as closing the SSH session cancels the engine's.
 */
public final class FakeGatewayInstall implements GatewayInstall {

    public static final String CHECK = "check-gateway";
    public static final String SEND_PROGRAM = "send:k3s/v1.29.1+k3s1/amd64/k3s";
    public static final String SEND_IMAGES = "send:k3s/v1.29.1+k3s1/amd64/k3s-airgap-images-amd64.tar.zst";
    public static final String SEND_SCRIPT = "send:k3s/v1.29.1+k3s1/all/install.sh";
    public static final String WRITE_CONFIG = "write-k3s-config";
    public static final String RUN_INSTALLER = "run-k3s-installer";
    public static final String START = "start-k3s";
    public static final String WAIT_READY = "wait-node-ready";

    /** What {@link #joins()} records for a run without an enrollment. */
    public static final String NO_JOIN = "";

    public static final List<StepInfo> PLAN = List.of(
            new StepInfo(CHECK, "Check the gateway"),
            new StepInfo(SEND_PROGRAM, "Send the K3s program"),
            new StepInfo(SEND_IMAGES, "Send the K3s images"),
            new StepInfo(SEND_SCRIPT, "Send the install script"),
            new StepInfo(WRITE_CONFIG, "Write the K3s configuration"),
            new StepInfo(RUN_INSTALLER, "Run the K3s installer"),
            new StepInfo(START, "Start K3s"),
            new StepInfo(WAIT_READY, "Wait for the node to be ready"));

    /** The sizes of the files the test double sends, made up to give a transfer that takes a while. */
    public static final long PROGRAM_BYTES = 71_237_632;
    public static final long IMAGES_BYTES = 1_204_000_000;
    public static final long SCRIPT_BYTES = 37_929;
    /** The bytes a held transfer of the images stops at: 412 MB of 1.2 GB. */
    public static final long IMAGES_HELD_AT = 412_000_000;
    /** The recent rate the transfers report, 38 MB/s. */
    public static final double RATE = 38_000_000;

    /** Lines the K3s install script prints on a fresh systemd host when run with INSTALL_K3S_SKIP_DOWNLOAD=true. */
    public static final List<String> INSTALLER_OUTPUT = List.of(
            "[INFO]  Skipping k3s download and verify",
            "[INFO]  Skipping installation of SELinux RPM",
            "[INFO]  Creating /usr/local/bin/kubectl symlink to k3s",
            "[INFO]  Creating /usr/local/bin/crictl symlink to k3s",
            "[INFO]  Creating /usr/local/bin/ctr symlink to k3s",
            "[INFO]  Creating killall script /usr/local/bin/k3s-killall.sh",
            "[INFO]  Creating uninstall script /usr/local/bin/k3s-uninstall.sh",
            "[INFO]  env: Creating environment file /etc/systemd/system/k3s.service.env",
            "[INFO]  systemd: Creating service file /etc/systemd/system/k3s.service",
            "[INFO]  systemd: Enabling k3s unit",
            "Created symlink /etc/systemd/system/multi-user.target.wants/k3s.service"
                    + " → /etc/systemd/system/k3s.service.");

    private static final int PROGRESS_REPORTS = 40;
    /** How long a held step waits for the test before it gives up, so a broken test cannot hang the build. */
    private static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

    private final Set<String> journal = ConcurrentHashMap.newKeySet();
    private final List<SiteSettings> sites = new CopyOnWriteArrayList<>();
    private final List<VerifiedBundle> bundles = new CopyOnWriteArrayList<>();
    private final List<Integer> trustedKeyCounts = new CopyOnWriteArrayList<>();
    private final List<GatewayConnection> connections = new CopyOnWriteArrayList<>();
    private final List<String> joins = new CopyOnWriteArrayList<>();
    private volatile String failStep;
    private volatile String failMessage;
    private volatile String lostStep;
    private volatile String holdStep;
    private volatile CountDownLatch holdReached = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    /** Makes the next run fail at the step with the sentence. The runs after it pass the step. */
    public FakeGatewayInstall failAt(String stepId, String message) {
        failStep = stepId;
        failMessage = message;
        return this;
    }

    /** Makes the next run lose the connection at the step, which ends it with {@link GatewayException}. */
    public FakeGatewayInstall loseConnectionAt(String stepId) {
        lostStep = stepId;
        return this;
    }

    /**
     * Makes the next run wait in the step until {@link #release()} or until its connection closes. A held images
     * transfer waits at {@link #IMAGES_HELD_AT} bytes, and another step waits right after it started.
     */
    public FakeGatewayInstall holdAt(String stepId) {
        holdStep = stepId;
        holdReached = new CountDownLatch(1);
        release = new CountDownLatch(1);
        return this;
    }

    public void release() {
        release.countDown();
    }

    /** Waits until a run has reached the held step and sent its events so far. */
    public void awaitHeld() throws InterruptedException {
        if (!holdReached.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("No install reached the held step within 10 s.");
        }
    }

    /** Records the steps as done by an earlier run, so the next run reports them already done. */
    public FakeGatewayInstall alreadyDone(String... stepIds) {
        journal.addAll(List.of(stepIds));
        return this;
    }

    public int runs() {
        return sites.size();
    }

    public List<SiteSettings> sites() {
        return sites;
    }

    public List<VerifiedBundle> bundles() {
        return bundles;
    }

    public List<Integer> trustedKeyCounts() {
        return trustedKeyCounts;
    }

    /** The site each run joined, or {@link #NO_JOIN} for a run that installed K3s only, in run order. */
    public List<String> joins() {
        return joins;
    }

    public List<GatewayConnection> connections() {
        return connections;
    }

    @Override
    public InstallResult install(GatewayConnection connection, VerifiedBundle bundle, List<PublicKey> trustedKeys,
            SiteSettings site, MeshJoin join, InstallListener listener) throws GatewayException {
        sites.add(site);
        joins.add(join == null ? NO_JOIN : join.enrollment().siteId());
        bundles.add(bundle);
        trustedKeyCounts.add(trustedKeys.size());
        connections.add(connection);
        Run run = new Run(connection, listener);
        listener.onEvent(new InstallEvent.PlanReady(Instant.now(), PLAN));
        for (StepInfo step : PLAN) {
            InstallResult ended = run.step(step, site.nodeName());
            if (ended != null) {
                return ended;
            }
        }
        String message = "K3s is running on " + site.nodeName() + ". The node is ready.";
        listener.onEvent(new InstallEvent.Finished(Instant.now(), true, message, run.bytesSent));
        return new InstallResult(true, message, null, run.bytesSent);
    }

    /** One run's progress through the plan. */
    private final class Run {

        private final GatewayConnection connection;
        private final InstallListener listener;
        private long bytesSent;

        Run(GatewayConnection connection, InstallListener listener) {
            this.connection = connection;
            this.listener = listener;
        }

        /** Runs one step and returns the run's result when the step ended it, otherwise {@code null}. */
        InstallResult step(StepInfo step, String nodeName) throws GatewayException {
            String id = step.id();
            if (isClosed()) {
                return cancelled(id);
            }
            listener.onEvent(new InstallEvent.StepStarted(Instant.now(), id, startMessage(id)));
            if (journal.contains(id)) {
                listener.onEvent(new InstallEvent.StepFinished(Instant.now(), id, StepOutcome.ALREADY_DONE,
                        "Already done and verified."));
                return null;
            }
            if (!work(id, nodeName)) {
                return cancelled(id);
            }
            if (id.equals(lostStep)) {
                lostStep = null;
                throw new GatewayException(GatewayFailure.CONNECTION_LOST,
                        GatewayFailure.CONNECTION_LOST.describe(connection.settings().host()));
            }
            if (id.equals(failStep)) {
                String message = failMessage;
                failStep = null;
                listener.onEvent(new InstallEvent.StepFinished(Instant.now(), id, StepOutcome.FAILED, message));
                listener.onEvent(new InstallEvent.Finished(Instant.now(), false, message, bytesSent));
                return new InstallResult(false, message, id, bytesSent);
            }
            journal.add(id);
            listener.onEvent(new InstallEvent.StepFinished(Instant.now(), id, StepOutcome.DONE, doneMessage(id)));
            return null;
        }

        /** Sends the step's progress and output, and returns false when the connection closed while it was held. */
        private boolean work(String id, String nodeName) {
            switch (id) {
                case SEND_PROGRAM -> {
                    return transfer(id, PROGRAM_BYTES);
                }
                case SEND_IMAGES -> {
                    return transfer(id, IMAGES_BYTES);
                }
                case SEND_SCRIPT -> {
                    return transfer(id, SCRIPT_BYTES);
                }
                case RUN_INSTALLER -> {
                    for (String line : INSTALLER_OUTPUT) {
                        listener.onEvent(new InstallEvent.StepOutput(Instant.now(), id, line));
                    }
                    return waitIfHeld(id);
                }
                case WAIT_READY -> {
                    listener.onEvent(new InstallEvent.StepProgress(Instant.now(), id, 1, 3, 0, null, "Node "
                            + nodeName + ": NotReady; 1 of 3 system pods running."));
                    boolean going = waitIfHeld(id);
                    listener.onEvent(new InstallEvent.StepProgress(Instant.now(), id, 3, 3, 0, null, "Node "
                            + nodeName + ": Ready; 3 of 3 system pods running."));
                    return going;
                }
                default -> {
                    return waitIfHeld(id);
                }
            }
        }

        private boolean transfer(String id, long total) {
            boolean holding = id.equals(holdStep);
            long stopAt = holding && id.equals(SEND_IMAGES) ? IMAGES_HELD_AT : total;
            for (int i = 1; i <= PROGRESS_REPORTS; i++) {
                long done = stopAt * i / PROGRESS_REPORTS;
                Duration remaining = Duration.ofSeconds(Math.round((total - done) / RATE));
                listener.onEvent(new InstallEvent.StepProgress(Instant.now(), id, done, total, RATE, remaining,
                        null));
            }
            bytesSent += stopAt;
            if (!waitIfHeld(id)) {
                return false;
            }
            if (stopAt < total) {
                bytesSent += total - stopAt;
                listener.onEvent(new InstallEvent.StepProgress(Instant.now(), id, total, total, RATE,
                        Duration.ZERO, null));
            }
            return true;
        }

        /** Waits in a held step, and returns false when the connection closed meanwhile. */
        private boolean waitIfHeld(String id) {
            if (!id.equals(holdStep)) {
                return true;
            }
            holdStep = null;
            holdReached.countDown();
            long deadline = System.nanoTime() + HOLD_LIMIT.toNanos();
            try {
                while (!release.await(10, TimeUnit.MILLISECONDS)) {
                    if (isClosed()) {
                        return false;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("The test never released the held install step.");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return !isClosed();
        }

        private InstallResult cancelled(String id) {
            String message = "The install was cancelled. The next run continues from this step.";
            listener.onEvent(new InstallEvent.StepFinished(Instant.now(), id, StepOutcome.CANCELLED, message));
            listener.onEvent(new InstallEvent.Finished(Instant.now(), false, message, bytesSent));
            return new InstallResult(false, message, id, bytesSent);
        }

        private boolean isClosed() {
            return connection instanceof FakeGatewayChecks.Connection fake && fake.isClosed();
        }
    }

    private static String startMessage(String id) {
        return switch (id) {
            case CHECK -> "Checking that the gateway is still ready for K3s.";
            case SEND_PROGRAM -> "Sending the K3s program to the gateway.";
            case SEND_IMAGES -> "Sending the K3s images to the gateway.";
            case SEND_SCRIPT -> "Sending the K3s install script to the gateway.";
            case WRITE_CONFIG -> "Writing /etc/rancher/k3s/config.yaml.";
            case RUN_INSTALLER -> "Running the K3s install script without downloads.";
            case START -> "Starting the k3s service.";
            case WAIT_READY -> "Waiting for the node and its system pods to be ready.";
            default -> "Running " + id + ".";
        };
    }

    private static String doneMessage(String id) {
        return switch (id) {
            case SEND_PROGRAM -> "Sent and checked.";
            case SEND_IMAGES -> "Sent and checked.";
            case SEND_SCRIPT -> "Sent and checked.";
            case WAIT_READY -> "The node is ready.";
            default -> null;
        };
    }
}
