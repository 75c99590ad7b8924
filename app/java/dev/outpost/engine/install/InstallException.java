package dev.outpost.engine.install;

/** An install step could not finish; the message is a sentence that names the next action. */
public final class InstallException extends Exception {

    public InstallException(String message) {
        super(message);
    }

    public InstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
