package dev.outpost.ui.install;

/**
 * One step of the install plan as the page lists it.
 *
 * @param id     the engine's stable id of the step
 * @param title  the step in plain words, such as "Write the K3s configuration"
 * @param state  where the step is
 * @param detail the step's last message, such as the failure's sentence, or {@code null}
 */
public record InstallStepItem(String id, String title, StepState state, String detail) {

    /** Returns this step in another state with another detail. */
    public InstallStepItem with(StepState newState, String newDetail) {
        return new InstallStepItem(id, title, newState, newDetail);
    }
}
