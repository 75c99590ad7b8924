package dev.outpost.engine.enrollment;

/**
 * One problem that {@link EnrollmentReview} found in an enrollment.
 *
 * @param id       a stable id such as {@code issuer-not-chained}, for tests, logs and the diagnostics export
 * @param severity whether the enrollment can still be used
 * @param message  one sentence for a store manager that says what is wrong and what to do next
 */
public record EnrollmentFinding(String id, Severity severity, String message) {

    /** How much a finding matters. */
    public enum Severity {
        /** The enrollment must not be used; the join stops before it changes anything. */
        BLOCKER,
        /** The enrollment can be used, but something will need attention soon. */
        WARNING
    }

    static EnrollmentFinding blocker(String id, String message) {
        return new EnrollmentFinding(id, Severity.BLOCKER, message);
    }

    static EnrollmentFinding warning(String id, String message) {
        return new EnrollmentFinding(id, Severity.WARNING, message);
    }

    /** Whether this finding stops the enrollment from being used. */
    public boolean isBlocker() {
        return severity == Severity.BLOCKER;
    }
}
