package dev.outpost.engine.cluster;

/** The site cluster could not be reached or did not become ready; the message names the next action. */
public final class ClusterException extends Exception {

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
