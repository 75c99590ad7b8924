package dev.outpost.ui;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Stands in for the FX thread in view-model tests: work handed to it waits in a queue until the test thread runs
 * it, so the test thread plays the FX thread without starting the toolkit.
 */
public final class FxThreadQueue implements Executor {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable work) {
        queue.add(work);
    }

    /** Runs queued work on the calling thread, waiting for more, until the condition holds; fails after 10 s. */
    public void runUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The condition did not hold within " + LIMIT.toSeconds() + " s.");
            }
            try {
                Runnable work = queue.poll(10, TimeUnit.MILLISECONDS);
                if (work != null) {
                    work.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for the FX queue.", e);
            }
        }
    }

    /** Runs the work queued so far, without waiting for more. */
    public void runPending() {
        Runnable work;
        while ((work = queue.poll()) != null) {
            work.run();
        }
    }
}
