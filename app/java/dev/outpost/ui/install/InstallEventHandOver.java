package dev.outpost.ui.install;

import dev.outpost.engine.install.InstallEvent;
import dev.outpost.engine.install.InstallListener;
import dev.outpost.ui.common.ProgressHandOver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Hands an install's events from the worker thread to the FX thread in batches, without flooding it. Events keep
 * their order, and none is dropped except progress that newer progress of the same step replaced before the FX
 * thread saw it. At most one batch waits in the FX queue at a time, and batches start at least {@link #INTERVAL}
 * apart: an event that comes sooner waits, and is delivered at the end of the interval with any that follow it.
 */
final class InstallEventHandOver implements InstallListener {

    /** The shortest time between two batches, the same as for other progress. */
    static final Duration INTERVAL = ProgressHandOver.INTERVAL;

    private final Executor fxThread;
    private final Consumer<List<InstallEvent>> receiver;
    private final LongSupplier nanoTime;
    private final Object lock = new Object();
    private List<InstallEvent> pending = new ArrayList<>();
    /** The index in {@code pending} of progress that newer progress of the same step may replace, or -1. */
    private int replaceableProgress = -1;
    private boolean queued;
    private boolean handedOver;
    private long lastHandOver;

    /**
     * @param fxThread runs the receiver on the FX thread
     * @param receiver receives each batch, in order, on the FX thread
     * @param nanoTime the clock, {@code System::nanoTime} outside tests
     */
    InstallEventHandOver(Executor fxThread, Consumer<List<InstallEvent>> receiver, LongSupplier nanoTime) {
        this.fxThread = fxThread;
        this.receiver = receiver;
        this.nanoTime = nanoTime;
    }

    /** Records the event and queues a batch unless one is queued. Called on the worker thread; returns at once. */
    @Override
    public void onEvent(InstallEvent event) {
        long wait;
        synchronized (lock) {
            add(event);
            if (queued) {
                return;
            }
            queued = true;
            wait = handedOver ? INTERVAL.toNanos() - (nanoTime.getAsLong() - lastHandOver) : 0;
        }
        if (wait <= 0) {
            fxThread.execute(this::handOver);
        } else {
            CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS, fxThread).execute(this::handOver);
        }
    }

    /** Delivers the events not yet delivered, at once. Called on the FX thread, such as when the run has ended. */
    void flush() {
        List<InstallEvent> batch = take();
        if (!batch.isEmpty()) {
            receiver.accept(batch);
        }
    }

    private void add(InstallEvent event) {
        if (event instanceof InstallEvent.StepProgress progress && replaceableProgress >= 0
                && ((InstallEvent.StepProgress) pending.get(replaceableProgress)).stepId().equals(progress.stepId())) {
            pending.set(replaceableProgress, progress);
            return;
        }
        pending.add(event);
        if (event instanceof InstallEvent.StepProgress) {
            replaceableProgress = pending.size() - 1;
        } else if (!(event instanceof InstallEvent.StepOutput)) {
            // A step's start or end must not be overtaken by progress that came after it.
            replaceableProgress = -1;
        }
    }

    private void handOver() {
        synchronized (lock) {
            queued = false;
        }
        flush();
    }

    private List<InstallEvent> take() {
        synchronized (lock) {
            List<InstallEvent> batch = pending;
            pending = new ArrayList<>();
            replaceableProgress = -1;
            handedOver = true;
            lastHandOver = nanoTime.getAsLong();
            return batch;
        }
    }
}
