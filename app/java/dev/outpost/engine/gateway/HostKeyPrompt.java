package dev.outpost.engine.gateway;

/** Asks a person whether to trust a gateway's host key seen for the first time. */
@FunctionalInterface
public interface HostKeyPrompt {

    /**
     * Returns whether the person trusts the key. Blocks until they decide; called on the connecting thread, never on
     * a UI thread.
     */
    boolean trust(HostKeyInfo key);
}
