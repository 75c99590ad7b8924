package dev.outpost.ui.checks;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.checks.CheckStatus;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * One check as the page lists and explains it.
 *
 * @param id          the check's stable id
 * @param mark        the mark beside it
 * @param verdict     what the mark means for the install, in words
 * @param title       what is checked, worded as the good outcome
 * @param finding     the first sentence of the explanation, which the list shows under the title of a check that
 *                    did not pass so the title does not read as its result; {@code null} for a passed check
 * @param explanation what was found and why it matters
 * @param fix         what to do, or {@code null} when there is nothing to do
 * @param observed    the technical value behind the result
 */
public record CheckItem(String id, CheckMark mark, String verdict, String title, String finding,
                        String explanation, String fix, String observed) {

    static final String PASSED = "Passed";
    static final String MUST_BE_FIXED = "Must be fixed before the install";
    static final String WARNING = "Warning: the install can go ahead";
    static final String UNKNOWN = "Could not be checked";
    static final String INFO = "For your information";

    static final String HEALTHY = "Healthy";
    static final String MESH_MUST_BE_FIXED = "Must be fixed for the site to work with head office";
    static final String MESH_WARNING = "Warning: the site works, but read this";
    static final String WAITING = "Waiting, nothing to do";

    /** Returns the pre-flight page's view of an engine result. */
    public static CheckItem of(CheckResult result) {
        CheckMark mark = CheckMark.of(result.mark());
        String verdict = switch (mark) {
            case PASS -> PASSED;
            case FAIL -> MUST_BE_FIXED;
            case WARNING -> result.status() == CheckStatus.UNKNOWN ? UNKNOWN : WARNING;
            case INFO -> INFO;
        };
        return of(result, mark, verdict);
    }

    /** Returns the verify page's view of a mesh check's result. */
    public static CheckItem ofMesh(CheckResult result) {
        CheckMark mark = CheckMark.of(result.mark());
        String verdict = switch (mark) {
            case PASS -> HEALTHY;
            case FAIL -> MESH_MUST_BE_FIXED;
            case WARNING -> result.status() == CheckStatus.UNKNOWN ? UNKNOWN : MESH_WARNING;
            case INFO -> result.status() == CheckStatus.UNKNOWN && result.fix() != null ? WAITING : INFO;
        };
        return of(result, mark, verdict);
    }

    private static CheckItem of(CheckResult result, CheckMark mark, String verdict) {
        String finding = mark == CheckMark.PASS ? null : firstSentence(result.explanation());
        return new CheckItem(result.id(), mark, verdict, result.title(), finding, result.explanation(), result.fix(),
                result.observed());
    }

    /** Returns the text up to the end of its first sentence, without trailing spaces. */
    static String firstSentence(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        sentences.setText(text);
        int end = sentences.next();
        return text.substring(0, end == BreakIterator.DONE ? text.length() : end).strip();
    }
}
