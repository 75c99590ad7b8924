package dev.outpost.engine.discovery;

/** A search that cannot start, such as one on an interface that does not exist or is down. */
public final class DiscoveryException extends Exception {

    public DiscoveryException(String message) {
        super(message);
    }
}
