package dev.outpost.ui.common;

import dev.outpost.ui.FxThreadQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundTasksTest {

    private final ExecutorService worker = Executors.newCachedThreadPool();
    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final BackgroundTasks tasks = new BackgroundTasks(worker, fxThread);

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void runDeliversResultOnFxQueue() {
        AtomicReference<String> delivered = new AtomicReference<>();
        AtomicReference<Thread> deliveredOn = new AtomicReference<>();

        RunningTask<String> task = tasks.run(() -> "done", result -> {
            delivered.set(result);
            deliveredOn.set(Thread.currentThread());
        }, failure -> { });
        fxThread.runUntil(task::isEnded);

        assertThat(delivered.get()).isEqualTo("done");
        assertThat(deliveredOn.get()).isSameAs(Thread.currentThread());
        assertThat(tasks.isBusy()).isFalse();
    }

    @Test
    void runIsBusyUntilResultDelivered() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);

        RunningTask<String> task = tasks.run(() -> {
            release.await();
            return "done";
        }, result -> { }, failure -> { });

        assertThat(tasks.isBusy()).isTrue();
        release.countDown();
        Thread.sleep(50);
        assertThat(tasks.isBusy()).as("busy until the FX thread takes the result").isTrue();
        fxThread.runUntil(task::isEnded);
        assertThat(tasks.isBusy()).isFalse();
    }

    @Test
    void runSendsExceptionToFailure() {
        AtomicReference<Exception> failed = new AtomicReference<>();
        IOException thrown = new IOException("cable pulled");

        RunningTask<String> task = tasks.run(() -> {
            throw thrown;
        }, result -> { }, failed::set);
        fxThread.runUntil(task::isEnded);

        assertThat(failed.get()).isSameAs(thrown);
        assertThat(tasks.isBusy()).isFalse();
    }

    @Test
    void busyStaysWhileAnotherTaskRuns() {
        CountDownLatch release = new CountDownLatch(1);
        RunningTask<String> slow = tasks.run(() -> {
            release.await();
            return "slow";
        }, result -> { }, failure -> { });
        RunningTask<String> quick = tasks.run(() -> "quick", result -> { }, failure -> { });

        fxThread.runUntil(quick::isEnded);
        assertThat(tasks.isBusy()).isTrue();

        release.countDown();
        fxThread.runUntil(slow::isEnded);
        assertThat(tasks.isBusy()).isFalse();
    }

    @Test
    void cancelDropsBusyAndSkipsCallbacks() {
        CountDownLatch release = new CountDownLatch(1);
        List<String> callbacks = new CopyOnWriteArrayList<>();
        List<String> lateResults = new CopyOnWriteArrayList<>();

        RunningTask<String> task = tasks.run(() -> {
            release.await();
            return "opened";
        }, callbacks::add, failure -> callbacks.add("failure"));
        boolean cancelled = task.cancel(lateResults::add);

        assertThat(cancelled).isTrue();
        assertThat(tasks.isBusy()).isFalse();
        release.countDown();
        fxThread.runUntil(() -> !lateResults.isEmpty());
        assertThat(lateResults).containsExactly("opened");
        assertThat(callbacks).isEmpty();
    }

    @Test
    void cancelAfterEndReturnsFalse() {
        RunningTask<String> task = tasks.run(() -> "done", result -> { }, failure -> { });
        fxThread.runUntil(task::isEnded);

        assertThat(task.cancel(result -> { })).isFalse();
        assertThat(tasks.isBusy()).isFalse();
    }

    @Test
    void runAfterShutdownFailsAtOnce() {
        worker.shutdown();
        AtomicReference<Exception> failed = new AtomicReference<>();

        RunningTask<String> task = tasks.run(() -> "never", result -> { }, failed::set);

        assertThat(task.isEnded()).isTrue();
        assertThat(failed.get()).isNotNull();
        assertThat(tasks.isBusy()).isFalse();
    }
}
