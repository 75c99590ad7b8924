package dev.outpost.engine.diagnostics;

import java.util.List;

/**
 * What a diagnostics export reports, as {@code outpost diagnose show} and the wizard show it.
 *
 * @param createdAt       when the export was written, ISO-8601
 * @param outpostVersion  the Outpost version that wrote it
 * @param state           {@code ok}, {@code attention}, {@code failed} or {@code unknown}
 * @param headline        the one-line summary
 * @param site            the site and gateway, as label and value pairs, in order
 * @param problems        what needs attention, errors first
 * @param steps           the install timeline
 * @param checks          every check, failures first
 * @param notCollected    what could not be collected, with the reason
 * @param redactions      what was redacted, as description and count
 * @param addressesMasked whether addresses and host names are masked
 */
public record DiagnosticsSummary(String createdAt, String outpostVersion, String state, String headline,
        List<Fact> site, List<Problem> problems, List<Step> steps, List<Check> checks, List<String> notCollected,
        List<Redaction> redactions, boolean addressesMasked) {

    public DiagnosticsSummary {
        site = List.copyOf(site);
        problems = List.copyOf(problems);
        steps = List.copyOf(steps);
        checks = List.copyOf(checks);
        notCollected = List.copyOf(notCollected);
        redactions = List.copyOf(redactions);
    }

    /** One line of the site summary. */
    public record Fact(String label, String value) {
    }

    /**
     * One problem.
     *
     * @param severity {@code error} or {@code warning}
     * @param fix      what to do, or {@code null}
     */
    public record Problem(String severity, String title, String what, String fix) {
    }

    /**
     * One step of the install timeline.
     *
     * @param durationMillis how long it took, or -1 when it did not end
     */
    public record Step(String title, String outcome, long durationMillis, String message) {
    }

    /** One check's result. */
    public record Check(String mark, String title, String explanation, String fix) {
    }

    /** How many things of one kind were redacted. */
    public record Redaction(String description, int count) {
    }
}
