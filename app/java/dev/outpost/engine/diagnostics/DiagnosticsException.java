package dev.outpost.engine.diagnostics;

/** A diagnostics export could not be written or read; the message gives the reason and what to do. */
public final class DiagnosticsException extends Exception {

    public DiagnosticsException(String message) {
        super(message);
    }

    public DiagnosticsException(String message, Throwable cause) {
        super(message, cause);
    }
}
