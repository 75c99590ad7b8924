package dev.outpost.ui.install;

import dev.outpost.engine.install.StepOutcome;

/** The state of one step of the install plan, as the page lists it. */
public enum StepState {

    WAITING("Waiting"),
    RUNNING("Running"),
    DONE("Done"),
    /** The step was done by an earlier run and still verified, so nothing changed. */
    ALREADY_DONE("Already done"),
    FAILED("Failed"),
    /** The run was cancelled during the step, and the next run continues it. */
    CANCELLED("Cancelled");

    private final String label;

    StepState(String label) {
        this.label = label;
    }

    /** Returns the state of a step that ended with the outcome. */
    public static StepState of(StepOutcome outcome) {
        return switch (outcome) {
            case DONE -> DONE;
            case ALREADY_DONE -> ALREADY_DONE;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }

    /** Returns the state in words, for the row's second line, screen readers and tooltips. */
    public String label() {
        return label;
    }

    /** Returns whether the step is finished for good, so a later run skips it. */
    public boolean isComplete() {
        return this == DONE || this == ALREADY_DONE;
    }
}
