package dev.outpost.engine.bundle;

import dev.outpost.engine.platform.PrintableText;

/**
 * A bundle, key or input that Outpost cannot use. The message is one sentence for the person at the laptop that names
 * the file or artifact and what is wrong with it.
 */
public final class BundleException extends Exception {

    /** Whether the input could not be read at all, or was read and failed verification. */
    public enum Kind {
        /** The file is missing, unreadable or of the wrong kind, or an argument is wrong. */
        UNREADABLE,
        /** The bundle was read and is not trustworthy: a signature, size, checksum or entry check failed. */
        REJECTED
    }

    private final Kind kind;
    private final String artifact;

    public BundleException(Kind kind, String artifact, String message, Throwable cause) {
        super(PrintableText.escapeControls(message), cause);
        this.kind = kind;
        this.artifact = artifact;
    }

    public BundleException(Kind kind, String artifact, String message) {
        this(kind, artifact, message, null);
    }

    static BundleException rejected(String artifact, String message) {
        return new BundleException(Kind.REJECTED, artifact, message);
    }

    static BundleException unreadable(String artifact, String message, Throwable cause) {
        return new BundleException(Kind.UNREADABLE, artifact, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The artifact or file the failure is about, or {@code null} when it concerns the bundle as a whole. */
    public String artifact() {
        return artifact;
    }
}
