package dev.outpost.engine.enrollment;

import dev.outpost.engine.platform.PrintableText;

/**
 * A site enrollment, or an input to issuing one, that Outpost cannot use. The message is one sentence for the person
 * at the laptop that says what is wrong and what to do next. It never contains a secret: no token, key or
 * passphrase.
 */
public final class EnrollmentException extends Exception {

    /** What kind of failure this is, so that callers can choose an exit status or a page. */
    public enum Kind {
        /** The file is missing, unreadable or not an enrollment file. */
        UNREADABLE,
        /** The file was read but is not trustworthy: its signature failed or its content is inconsistent. */
        REJECTED,
        /** The file was written in a newer format than this Outpost reads. */
        UNSUPPORTED_VERSION,
        /** The file is past its expiry. */
        EXPIRED,
        /** The file is for another site. */
        WRONG_SITE,
        /** The passphrase does not open the site's issuer key. */
        WRONG_PASSPHRASE,
        /** An input head office gave for issuing an enrollment is wrong: a file, an option or a CSV row. */
        INVALID_REQUEST,
        /** The central cluster lacks something the link needs, or could not be read. */
        CENTRAL_CLUSTER
    }

    private final Kind kind;

    public EnrollmentException(Kind kind, String message, Throwable cause) {
        super(PrintableText.escapeControls(message), cause);
        this.kind = kind;
    }

    public EnrollmentException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
