package dev.outpost.ui.checks;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.session.PreflightReport;

/**
 * The line at the top of the checks page: whether the install may go ahead, and what to do next.
 *
 * @param tone     how the line is drawn
 * @param headline the outcome in a few words
 * @param advice   the next action
 */
public record CheckSummary(Tone tone, String headline, String advice) {

    /** The look of the summary: a spinner while the checks run, otherwise a tick, an exclamation mark or a cross. */
    public enum Tone { RUNNING, READY, WARNINGS, BLOCKED, FAILED }

    /** Returns the summary of a finished report. */
    public static CheckSummary of(PreflightReport report) {
        long blockers = report.blockers().size();
        long warnings = report.count(CheckResult.Mark.WARNING);
        if (blockers > 0) {
            String headline = blockers == 1 ? "1 check must be fixed before the install"
                    : blockers + " checks must be fixed before the install";
            return new CheckSummary(Tone.BLOCKED, headline, "Select each check marked with a red cross to see what"
                    + " to do. Fix it on the gateway, then choose Run checks again.");
        }
        if (warnings > 0) {
            String advice = warnings == 1 ? "1 check has a warning. The install can go ahead, but read it first."
                    : warnings + " checks have warnings. The install can go ahead, but read them first.";
            return new CheckSummary(Tone.WARNINGS, "Ready to install", advice);
        }
        return new CheckSummary(Tone.READY, "Ready to install", "Every check passed. The gateway is ready for the"
                + " install.");
    }

    /** Returns the summary while the checks run. */
    static CheckSummary running(String step) {
        return running("Checking the gateway…", step);
    }

    /** Returns the summary while checks run, with the page's own headline. */
    public static CheckSummary running(String headline, String step) {
        return new CheckSummary(Tone.RUNNING, headline, step);
    }

    /** Returns the summary when the checks could not finish; the page shows the reason beside it. */
    public static CheckSummary failed() {
        return new CheckSummary(Tone.FAILED, "The checks did not finish", null);
    }
}
