package dev.outpost.ui.checks;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.checks.CheckStatus;

/**
 * One check as the page lists and explains it.
 *
 * @param id          the check's stable id
 * @param mark        the mark beside it
 * @param verdict     what the mark means for the install, in words
 * @param title       what is checked
 * @param explanation what was found and why it matters
 * @param fix         what to do, or {@code null} when there is nothing to do
 * @param observed    the technical value behind the result
 */
public record CheckItem(String id, CheckMark mark, String verdict, String title, String explanation, String fix,
                        String observed) {

    static final String PASSED = "Passed";
    static final String MUST_BE_FIXED = "Must be fixed before the install";
    static final String WARNING = "Warning: the install can go ahead";
    static final String UNKNOWN = "Could not be checked";
    static final String INFO = "For your information";

    /** Returns the page's view of an engine result. */
    public static CheckItem of(CheckResult result) {
        CheckMark mark = CheckMark.of(result.mark());
        String verdict = switch (mark) {
            case PASS -> PASSED;
            case FAIL -> MUST_BE_FIXED;
            case WARNING -> result.status() == CheckStatus.UNKNOWN ? UNKNOWN : WARNING;
            case INFO -> INFO;
        };
        return new CheckItem(result.id(), mark, verdict, result.title(), result.explanation(), result.fix(),
                result.observed());
    }
}
