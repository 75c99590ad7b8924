package dev.outpost.engine.checks;

/**
 * One check's result, worded for a person who is not a Kubernetes expert.
 *
 * @param id          the check's stable id, such as {@code network.default-route}
 * @param severity    how much a failure matters
 * @param status      passed, failed or unknown
 * @param title       what is checked, as a short sentence
 * @param explanation what was found and why it matters
 * @param fix         what to do, or {@code null} when there is nothing to do
 * @param observed    the technical value behind the result, for the log and head office
 */
public record CheckResult(String id, Severity severity, CheckStatus status, String title, String explanation,
                          String fix, String observed) {

    /** The mark a person sees beside the check. */
    public enum Mark { PASS, WARNING, FAIL, INFO }

    /** Returns the mark: a failed blocker is a fail, any other failure or an unknown result is a warning. */
    public Mark mark() {
        if (status == CheckStatus.PASSED) {
            return Mark.PASS;
        }
        if (severity == Severity.INFO) {
            return Mark.INFO;
        }
        return status == CheckStatus.FAILED && severity == Severity.BLOCKER ? Mark.FAIL : Mark.WARNING;
    }

    public boolean blocks() {
        return status == CheckStatus.FAILED && severity == Severity.BLOCKER;
    }
}
