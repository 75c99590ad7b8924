package dev.outpost.engine.checks;

/** The outcome of one check. */
public enum CheckStatus {
    PASSED,
    FAILED,
    /** The facts the check needs could not be read, so it neither passed nor failed. */
    UNKNOWN
}
