package dev.outpost.ui;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.HostKeyInfo;
import dev.outpost.engine.gateway.HostKeyPolicy;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.engine.session.SessionEvent;
import dev.outpost.engine.session.SessionListener;
import dev.outpost.ui.common.GatewayChecks;
import dev.outpost.ui.common.GatewayConnection;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Test double of {@link GatewayChecks}: no network, but the same contract as the engine. It asks the settings'
 * host-key prompt on the calling thread the first time, can hold a connection or a check until the test releases
 * it, fails on request with the engine's own sentences, and records what the wizard asked for.
 */
public final class FakeGatewayChecks implements GatewayChecks {

    public static final HostKeyInfo HOST_KEY = new HostKeyInfo("192.168.16.53", 22, "ssh-ed25519",
            "SHA256:Jd6yVn4o0qA2WmB1dUeW7hC7kTg9f0s3xYp5rLq8ZcE");

    /** How long a held call waits for the test before it gives up, so a broken test cannot hang the build. */
    private static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

    private final List<ConnectionSettings> connectRequests = new CopyOnWriteArrayList<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger checkRuns = new AtomicInteger();
    private final AtomicInteger connectsEnded = new AtomicInteger();
    private volatile boolean hostKeyKnown;
    private volatile GatewayException connectFailure;
    private volatile RuntimeException connectBug;
    private volatile GatewayException checkFailure;
    private volatile List<CheckResult> results = SampleReports.noDefaultRoute();
    private volatile CountDownLatch connectHold = new CountDownLatch(0);
    private volatile CountDownLatch checkHold = new CountDownLatch(0);

    /** Treats the host key as recorded already, so connecting asks nothing. */
    public FakeGatewayChecks knowHostKey() {
        hostKeyKnown = true;
        return this;
    }

    /** Treats the host key as not recorded, as after the known-hosts file lost it, so connecting asks again. */
    public FakeGatewayChecks forgetHostKey() {
        hostKeyKnown = false;
        return this;
    }

    public FakeGatewayChecks failConnect(GatewayException failure) {
        connectFailure = failure;
        return this;
    }

    /** Makes connecting throw an exception the engine never throws, as a bug would. */
    public FakeGatewayChecks breakConnect(RuntimeException bug) {
        connectBug = bug;
        return this;
    }

    public FakeGatewayChecks failChecks(GatewayException failure) {
        checkFailure = failure;
        return this;
    }

    public FakeGatewayChecks results(List<CheckResult> newResults) {
        results = List.copyOf(newResults);
        return this;
    }

    /** Makes the next connects wait, after the host-key question, until {@link #releaseConnect()}. */
    public FakeGatewayChecks holdConnect() {
        connectHold = new CountDownLatch(1);
        return this;
    }

    public void releaseConnect() {
        connectHold.countDown();
    }

    /** Makes the next checks wait until {@link #releaseChecks()} or until their connection closes. */
    public FakeGatewayChecks holdChecks() {
        checkHold = new CountDownLatch(1);
        return this;
    }

    public void releaseChecks() {
        checkHold.countDown();
    }

    public List<ConnectionSettings> connectRequests() {
        return connectRequests;
    }

    public List<Connection> connections() {
        return connections;
    }

    public int checkRuns() {
        return checkRuns.get();
    }

    /** Returns how many connect calls have returned or thrown. */
    public int connectsEnded() {
        return connectsEnded.get();
    }

    @Override
    public GatewayConnection connect(ConnectionSettings settings, SessionListener listener) throws GatewayException {
        try {
            return open(settings, listener);
        } finally {
            connectsEnded.incrementAndGet();
        }
    }

    private GatewayConnection open(ConnectionSettings settings, SessionListener listener) throws GatewayException {
        connectRequests.add(settings);
        listener.onEvent(new SessionEvent.StepStarted(Instant.now(), SessionEvent.Step.CONNECT,
                "Connecting to the gateway at " + settings.host() + "."));
        if (!hostKeyKnown && settings.hostKeyPolicy() instanceof HostKeyPolicy.Ask ask) {
            HostKeyInfo presented = new HostKeyInfo(settings.host(), settings.port(), HOST_KEY.algorithm(),
                    HOST_KEY.fingerprint());
            if (!ask.prompt().trust(presented)) {
                throw new GatewayException(GatewayFailure.HOST_KEY_REJECTED,
                        GatewayFailure.HOST_KEY_REJECTED.describe(presented.fingerprint()));
            }
            hostKeyKnown = true;
        }
        await(connectHold, () -> false);
        if (connectBug != null) {
            throw connectBug;
        }
        if (connectFailure != null) {
            throw connectFailure;
        }
        Connection connection = new Connection(settings);
        connections.add(connection);
        return connection;
    }

    private static boolean await(CountDownLatch hold, BooleanSupplier abandon) {
        long deadline = System.nanoTime() + HOLD_LIMIT.toNanos();
        try {
            while (!hold.await(10, TimeUnit.MILLISECONDS)) {
                if (abandon.getAsBoolean()) {
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("The test never released the held call.");
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A connection that lives in memory; closing it wipes its credentials as the real one does. */
    public final class Connection implements GatewayConnection {

        private final ConnectionSettings settings;
        private volatile boolean closed;

        Connection(ConnectionSettings settings) {
            this.settings = settings;
        }

        @Override
        public ConnectionSettings settings() {
            return settings;
        }

        @Override
        public HostKeyInfo hostKey() {
            return new HostKeyInfo(settings.host(), settings.port(), HOST_KEY.algorithm(), HOST_KEY.fingerprint());
        }

        /** Throws, because the test double has no SSH session. {@link FakeGatewayInstall} needs none. */
        @Override
        public GatewaySession session() {
            throw new UnsupportedOperationException("The test double's connection has no SSH session.");
        }

        @Override
        public PreflightReport check(SessionListener listener) throws GatewayException {
            checkRuns.incrementAndGet();
            listener.onEvent(new SessionEvent.StepStarted(Instant.now(), SessionEvent.Step.GATHER_FACTS,
                    "Asking the gateway about its system."));
            if (closed || !await(checkHold, () -> closed)) {
                throw new GatewayException(GatewayFailure.CONNECTION_LOST,
                        GatewayFailure.CONNECTION_LOST.describe(settings.host()));
            }
            if (checkFailure != null) {
                throw checkFailure;
            }
            return SampleReports.report(settings, hostKey(), results);
        }

        @Override
        public void close() {
            closed = true;
            settings.credentials().wipe();
        }

        public boolean isClosed() {
            return closed;
        }
    }
}
