package dev.outpost.engine.install;

import java.time.Duration;

/**
 * Turns a running byte count into progress a person can read: the rate over the last few seconds and the time
 * left. Not thread-safe: one transfer, one thread.
 */
final class TransferMeter {

    /** Progress is reported at most this often. */
    static final long REPORT_NANOS = 200_000_000L;
    private static final long WINDOW_NANOS = 3_000_000_000L;

    private final long total;
    private final long startNanos;
    private long windowStartNanos;
    private long windowStartBytes;
    private double rate;
    private long lastReportNanos;

    TransferMeter(long alreadyDone, long total, long nowNanos) {
        this.total = total;
        this.startNanos = nowNanos;
        this.windowStartNanos = nowNanos;
        this.windowStartBytes = alreadyDone;
        this.lastReportNanos = nowNanos;
    }

    /** Whether enough time passed since the last report; when it did, the rate is brought up to date. */
    boolean due(long done, long nowNanos) {
        if (nowNanos - lastReportNanos < REPORT_NANOS && done < total) {
            return false;
        }
        lastReportNanos = nowNanos;
        long elapsed = nowNanos - windowStartNanos;
        if (elapsed > 0) {
            rate = (done - windowStartBytes) * 1e9 / elapsed;
        }
        if (elapsed > WINDOW_NANOS) {
            windowStartNanos = nowNanos;
            windowStartBytes = done;
        }
        return true;
    }

    /** Bytes per second over the recent window, or 0 before the first report. */
    double rate() {
        return rate;
    }

    /** The time left at the recent rate, or {@code null} while the rate is not known. */
    Duration remaining(long done) {
        if (rate <= 0) {
            return null;
        }
        return Duration.ofMillis((long) ((total - done) * 1000 / rate));
    }

    Duration elapsed(long nowNanos) {
        return Duration.ofNanos(nowNanos - startNanos);
    }
}
