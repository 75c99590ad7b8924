package dev.outpost.engine.install;

/**
 * One step of a plan as the wizard and the command line list it.
 *
 * @param id    a stable id such as {@code write-k3s-config} or {@code send:k3s/v1.29.1+k3s1/amd64/k3s}
 * @param title the step in plain words, such as "Write the K3s configuration"
 */
public record StepInfo(String id, String title) {
}
