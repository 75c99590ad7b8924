package dev.outpost.engine.install;

/**
 * How an install or uninstall ended.
 *
 * @param succeeded         whether every step is done
 * @param message           the outcome in one sentence, with the next action when it failed
 * @param failedStep        the id of the step that failed, or {@code null}
 * @param artifactBytesSent the bundle bytes this run sent to the gateway
 */
public record InstallResult(boolean succeeded, String message, String failedStep, long artifactBytesSent) {
}
