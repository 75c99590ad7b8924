package dev.outpost.engine.install;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Something that happened during an install or uninstall, for the wizard, the command line and the diagnostics.
 * Every event names the step it belongs to by the step's stable id, except the plan and the final result.
 */
public sealed interface InstallEvent {

    Instant at();

    /** The plan is known: every step that will run or be skipped, in order. */
    record PlanReady(Instant at, List<StepInfo> steps) implements InstallEvent {
        public PlanReady {
            steps = List.copyOf(steps);
        }
    }

    /** A step began, and {@code message} describes what is happening in plain words. */
    record StepStarted(Instant at, String stepId, String message) implements InstallEvent {
    }

    /**
     * Progress within a step. For transfers the units are bytes.
     *
     * @param done      units done so far, the resumed part included
     * @param total     units in all, or -1 when not known
     * @param perSecond the recent rate in units per second, or 0 when not yet known
     * @param remaining the estimated time left, or {@code null} when not known
     * @param message   what is being waited for, such as "Node site-gw-01: NotReady; 2 of 3 system pods running."
     */
    record StepProgress(Instant at, String stepId, long done, long total, double perSecond, Duration remaining,
            String message) implements InstallEvent {
    }

    /** A line of output a person may want to read, such as a line of the K3s install script's output. */
    record StepOutput(Instant at, String stepId, String line) implements InstallEvent {
    }

    /** A step ended. {@code message} is the plain outcome or the failure's sentence with the next action. */
    record StepFinished(Instant at, String stepId, StepOutcome outcome, String message) implements InstallEvent {
    }

    /**
     * The run ended.
     *
     * @param succeeded         whether every step is done
     * @param message           the outcome in one sentence
     * @param artifactBytesSent the bundle bytes this run sent to the gateway
     */
    record Finished(Instant at, boolean succeeded, String message, long artifactBytesSent) implements InstallEvent {
    }
}
