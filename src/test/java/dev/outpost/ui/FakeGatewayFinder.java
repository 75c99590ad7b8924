package dev.outpost.ui;

import dev.outpost.engine.discovery.DiscoveredGateway;
import dev.outpost.engine.discovery.DiscoveryResult;
import dev.outpost.engine.discovery.DiscoverySettings;
import dev.outpost.ui.common.GatewayFinder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A test double of the search for gateways on the laptop's cable: it sends nothing anywhere and returns, for each
 * search, the gateways the test set, after reporting each of them as found. A search can be held until the
 * test releases it, and saved settings are recorded instead of written.
 */
public final class FakeGatewayFinder implements GatewayFinder {

    private final List<DiscoveredGateway> answer = new CopyOnWriteArrayList<>();
    private final List<DiscoverySettings> saved = new CopyOnWriteArrayList<>();
    private final AtomicInteger searches = new AtomicInteger();
    private volatile DiscoverySettings settings;
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private volatile Exception failure;

    /** Starts with searching turned on for one interface, the cable of the scenarios below. */
    public FakeGatewayFinder() {
        this.settings = DiscoverySettings.onInterfaces(List.of("eth-cable"));
    }

    /** Returns a gateway that announced itself, as the rig's would, with a fingerprint of the given text. */
    public static DiscoveredGateway announced(String name, String address, String fingerprint) {
        return new DiscoveredGateway(Optional.of(name), List.of(address), 22, "eth-cable",
                Set.of(DiscoveredGateway.Source.MDNS, DiscoveredGateway.Source.LINK_LOCAL),
                Optional.of("SHA256:" + fingerprint), Optional.of("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"));
    }

    /** Sets the gateways that every later search finds. */
    public FakeGatewayFinder answering(DiscoveredGateway... gateways) {
        answer.clear();
        answer.addAll(List.of(gateways));
        return this;
    }

    public FakeGatewayFinder turnedOff() {
        settings = settings.withEnabled(false);
        return this;
    }

    /** Makes every later search fail with this exception. */
    public void failWith(Exception exception) {
        failure = exception;
    }

    /** Makes later searches wait until {@link #release()}. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    public int searches() {
        return searches.get();
    }

    public List<DiscoverySettings> saved() {
        return new ArrayList<>(saved);
    }

    @Override
    public DiscoverySettings settings() {
        return settings;
    }

    @Override
    public void save(DiscoverySettings changed) {
        saved.add(changed);
        settings = changed;
    }

    @Override
    public DiscoveryResult search(DiscoverySettings used, Consumer<DiscoveredGateway> found,
            BooleanSupplier cancelled) throws Exception {
        searches.incrementAndGet();
        List<DiscoveredGateway> gateways = List.copyOf(answer);
        gateways.forEach(found);
        if (!hold.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The test never released the held search.");
        }
        if (failure != null) {
            throw failure;
        }
        return new DiscoveryResult(gateways, used.interfaces(),
                gateways.isEmpty() ? List.of("Nothing answered on eth-cable.") : List.of());
    }
}
