package dev.outpost.cli;

import dev.outpost.engine.enrollment.EnrollmentException;

/**
 * The exit statuses of the enroll commands, the same numbers as the bundle commands': 0 done, 1 rejected (a blocker,
 * a bad signature or passphrase, or a central cluster that lacks something), 2 unreadable input or wrong arguments.
 */
final class EnrollExitStatus {

    static final int OK = BundleExitStatus.OK;
    static final int REJECTED = BundleExitStatus.REJECTED;
    static final int UNREADABLE = BundleExitStatus.UNREADABLE;

    private EnrollExitStatus() {
    }

    static int of(EnrollmentException e) {
        return switch (e.kind()) {
            case UNREADABLE, UNSUPPORTED_VERSION, INVALID_REQUEST -> UNREADABLE;
            case REJECTED, EXPIRED, WRONG_SITE, WRONG_PASSPHRASE, CENTRAL_CLUSTER -> REJECTED;
        };
    }
}
