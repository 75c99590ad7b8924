package dev.outpost.ui.common;

import dev.outpost.ui.FxThreadQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressHandOverTest {

    private final FxThreadQueue fxThread = new FxThreadQueue();
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<Integer> received = new ArrayList<>();
    private final ProgressHandOver<Integer> handOver = new ProgressHandOver<>(fxThread, received::add, clock::get);

    private void advanceMillis(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void burstBecomesOneHandOver() {
        for (int i = 1; i <= 1000; i++) {
            handOver.report(i);
        }
        fxThread.runPending();

        assertThat(received).containsExactly(1000);
    }

    @Test
    void reportsWithinIntervalWait() {
        handOver.report(1);
        fxThread.runPending();
        advanceMillis(10);
        handOver.report(2);
        fxThread.runPending();

        assertThat(received).containsExactly(1);

        advanceMillis(ProgressHandOver.INTERVAL.toMillis());
        handOver.report(3);
        fxThread.runPending();

        assertThat(received).containsExactly(1, 3);
    }

    @Test
    void oneSecondGivesAtMostTwentyOne() {
        for (int millis = 0; millis < 1000; millis++) {
            handOver.report(millis);
            advanceMillis(1);
            if (millis % 7 == 0) {
                fxThread.runPending();
            }
        }
        fxThread.runPending();

        assertThat(received).hasSizeLessThanOrEqualTo(21).hasSizeGreaterThanOrEqualTo(10);
        assertThat(received).isSorted();
    }

    @Test
    void slowFxThreadGetsLatest() {
        handOver.report(1);
        advanceMillis(100);
        handOver.report(2);
        advanceMillis(100);
        handOver.report(3);
        fxThread.runPending();

        assertThat(received).as("one hand-over queued at a time, carrying the latest").containsExactly(3);
    }
}
