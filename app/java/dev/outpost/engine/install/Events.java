package dev.outpost.engine.install;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Stamps and sends one run's events to its listener. Called on the run's thread. */
final class Events {

    private final InstallListener listener;
    private final Clock clock;

    Events(InstallListener listener, Clock clock) {
        this.listener = listener;
        this.clock = clock;
    }

    void plan(List<StepInfo> steps) {
        listener.onEvent(new InstallEvent.PlanReady(clock.instant(), steps));
    }

    void started(String step, String message) {
        listener.onEvent(new InstallEvent.StepStarted(clock.instant(), step, message));
    }

    void progress(String step, long done, long total, double perSecond, Duration remaining, String message) {
        listener.onEvent(new InstallEvent.StepProgress(clock.instant(), step, done, total, perSecond, remaining,
                message));
    }

    void output(String step, String line) {
        listener.onEvent(new InstallEvent.StepOutput(clock.instant(), step, line));
    }

    void finished(String step, StepOutcome outcome, String message) {
        listener.onEvent(new InstallEvent.StepFinished(clock.instant(), step, outcome, message));
    }

    void end(boolean succeeded, String message, long bytesSent) {
        listener.onEvent(new InstallEvent.Finished(clock.instant(), succeeded, message, bytesSent));
    }
}
