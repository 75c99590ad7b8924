package dev.outpost.ui.common;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Hands progress reports from a worker thread to the FX thread without flooding it. At most one hand-over waits in
 * the FX queue at a time, and two hand-overs are at least {@link #INTERVAL} apart, so the FX thread gets at most
 * about 20 a second. It always receives the latest report at the moment it runs: reports in between are dropped,
 * never reordered. A report dropped because it came too soon is delivered with the next one, so the final state
 * should come with the task's outcome.
 *
 * @param <T> the report
 */
public final class ProgressHandOver<T> {

    /** The shortest time between two hand-overs. */
    public static final Duration INTERVAL = Duration.ofMillis(50);

    private final Executor fxThread;
    private final Consumer<? super T> receiver;
    private final LongSupplier nanoTime;
    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicBoolean queued = new AtomicBoolean();
    private volatile boolean handedOver;
    private volatile long lastHandOver;

    /**
     * @param fxThread runs the receiver on the FX thread
     * @param receiver receives the latest report, on the FX thread
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     */
    public ProgressHandOver(Executor fxThread, Consumer<? super T> receiver, LongSupplier nanoTime) {
        this.fxThread = fxThread;
        this.receiver = receiver;
        this.nanoTime = nanoTime;
    }

    /** Records the report and queues a hand-over when one is due. Called on the worker thread; returns at once. */
    public void report(T progress) {
        latest.set(progress);
        long now = nanoTime.getAsLong();
        if (handedOver && now - lastHandOver < INTERVAL.toNanos()) {
            return;
        }
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        lastHandOver = now;
        handedOver = true;
        fxThread.execute(() -> {
            queued.set(false);
            receiver.accept(latest.get());
        });
    }
}
