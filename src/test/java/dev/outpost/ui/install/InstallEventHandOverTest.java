package dev.outpost.ui.install;

import dev.outpost.engine.install.InstallEvent;
import dev.outpost.engine.install.StepInfo;
import dev.outpost.engine.install.StepOutcome;
import dev.outpost.ui.FxThreadQueue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class InstallEventHandOverTest {

    private static final String SEND = "send:k3s/images";

    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<List<InstallEvent>> batches = new ArrayList<>();
    private final InstallEventHandOver handOver = new InstallEventHandOver(fxThread, batches::add, clock::get);

    private void advanceMillis(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private List<InstallEvent> received() {
        return batches.stream().flatMap(List::stream).toList();
    }

    private static InstallEvent.StepProgress progress(String step, long done) {
        return new InstallEvent.StepProgress(Instant.EPOCH, step, done, 1000, 0, null, null);
    }

    private static InstallEvent.StepStarted started(String step) {
        return new InstallEvent.StepStarted(Instant.EPOCH, step, "Starting " + step + ".");
    }

    private static InstallEvent.StepFinished finished(String step) {
        return new InstallEvent.StepFinished(Instant.EPOCH, step, StepOutcome.DONE, null);
    }

    @Test
    void progressBurstBecomesLatest() {
        handOver.onEvent(started(SEND));
        for (int done = 1; done <= 1000; done++) {
            handOver.onEvent(progress(SEND, done));
        }
        fxThread.runPending();

        assertThat(batches).hasSize(1);
        assertThat(received()).containsExactly(started(SEND), progress(SEND, 1000));
    }

    @Test
    void stepEventsKeepOrder() {
        InstallEvent plan = new InstallEvent.PlanReady(Instant.EPOCH, List.of(new StepInfo("a", "A"),
                new StepInfo("b", "B")));
        InstallEvent output = new InstallEvent.StepOutput(Instant.EPOCH, "a", "line");
        List<InstallEvent> sent = List.of(plan, started("a"), progress("a", 10), output, progress("a", 20),
                finished("a"), started("b"), progress("b", 5), finished("b"));

        sent.forEach(handOver::onEvent);
        fxThread.runPending();

        assertThat(received()).as("the later progress of step a replaces the earlier in its place")
                .containsExactly(plan, started("a"), progress("a", 20), output, finished("a"), started("b"),
                        progress("b", 5), finished("b"));
    }

    @Test
    void progressNeverOvertakesStepEnd() {
        handOver.onEvent(progress("a", 10));
        handOver.onEvent(finished("a"));
        handOver.onEvent(started("b"));
        handOver.onEvent(progress("b", 1));
        fxThread.runPending();

        assertThat(received()).containsExactly(progress("a", 10), finished("a"), started("b"), progress("b", 1));
    }

    @Test
    void outputLinesAllDelivered() {
        for (int i = 0; i < 500; i++) {
            handOver.onEvent(new InstallEvent.StepOutput(Instant.EPOCH, "a", "line " + i));
        }
        fxThread.runPending();

        assertThat(batches).hasSize(1);
        assertThat(received()).hasSize(500);
    }

    @Test
    void eventWithinIntervalComesAfterIt() {
        handOver.onEvent(started("a"));
        fxThread.runPending();
        advanceMillis(10);

        handOver.onEvent(progress("a", 1));
        fxThread.runPending();
        assertThat(batches).as("the second batch waits out the interval").hasSize(1);

        fxThread.runUntil(() -> batches.size() == 2);
        assertThat(batches.get(1)).containsExactly(progress("a", 1));
    }

    @Test
    void oneBatchQueuedAtATime() {
        handOver.onEvent(started("a"));
        advanceMillis(100);
        handOver.onEvent(progress("a", 1));
        advanceMillis(100);
        handOver.onEvent(progress("a", 2));
        fxThread.runPending();

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).containsExactly(started("a"), progress("a", 2));
    }

    @Test
    void flushDeliversPendingAtOnce() throws InterruptedException {
        handOver.onEvent(started("a"));
        fxThread.runPending();
        advanceMillis(10);
        handOver.onEvent(finished("a"));

        handOver.flush();

        assertThat(received()).containsExactly(started("a"), finished("a"));
        Thread.sleep(InstallEventHandOver.INTERVAL.toMillis() * 3);
        fxThread.runPending();
        assertThat(batches).as("the batch that waited out the interval finds nothing left").hasSize(2);
    }

    @Test
    void flushWithNothingPendingDeliversNothing() {
        handOver.flush();

        assertThat(batches).isEmpty();
    }
}
