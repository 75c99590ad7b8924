package dev.outpost.engine.install;

/** How a step ended. */
public enum StepOutcome {
    /** The step changed the gateway and verified the result. */
    DONE,
    /** The step was already done and still verified, so nothing changed. */
    ALREADY_DONE,
    FAILED,
    /** The run was cancelled during the step; the next run resumes it. */
    CANCELLED
}
