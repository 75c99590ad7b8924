package dev.outpost.cli;

import dev.outpost.engine.bundle.BundleException;

/** The exit statuses of the bundle and key commands, the same as {@code outpost check}'s. */
final class BundleExitStatus {

    static final int OK = 0;
    static final int REJECTED = 1;
    static final int UNREADABLE = 2;

    private BundleExitStatus() {
    }

    static int of(BundleException e) {
        return e.kind() == BundleException.Kind.REJECTED ? REJECTED : UNREADABLE;
    }

    /** Returns the text on one line, so standard error carries exactly one line per failure. */
    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
