package dev.outpost.engine.checks;

/** How much a failed check matters. */
public enum Severity {
    /** The install cannot go ahead until this is fixed. */
    BLOCKER,
    /** The install can go ahead, but the site may run badly or fail later. */
    WARNING,
    /** Worth knowing; nothing to fix. */
    INFO
}
