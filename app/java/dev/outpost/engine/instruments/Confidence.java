package dev.outpost.engine.instruments;

/** How sure Outpost is of a port's protocol and identity. */
public enum Confidence {
    /** The instrument identified itself, or sent several frames with correct checksums. */
    HIGH,
    /** The protocol is certain, but the instrument did not say what it is. */
    MEDIUM,
    /** A hint only, such as the adapter's maker. */
    LOW,
    /** Nothing is known. */
    NONE
}
