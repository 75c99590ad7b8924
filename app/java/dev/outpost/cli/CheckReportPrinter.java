package dev.outpost.cli;

import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.session.PreflightReport;

import java.io.PrintWriter;

/** Prints a pre-flight report for a person at a terminal: one line per check, the fix under each problem. */
final class CheckReportPrinter {

    private static final int ID_WIDTH = 28;

    private final PrintWriter out;

    CheckReportPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(PreflightReport report) {
        GatewayFacts facts = report.facts();
        String os = facts.os().prettyName() == null ? "an unknown system" : facts.os().prettyName();
        out.printf("Gateway %s (%s): %s, %s, logged in as %s%n", report.host(),
                facts.hostname() == null ? "name unknown" : facts.hostname(), os,
                facts.machine() == null ? "architecture unknown" : facts.machine(), report.user());
        if (report.hostKey() != null) {
            out.printf("Host key %s %s%n", report.hostKey().algorithm(), report.hostKey().fingerprint());
        }
        out.println();
        printResults(report.results());
        out.println();
        long warnings = report.count(CheckResult.Mark.WARNING);
        out.printf("%d passed, %d %s, %d failed, %d for information.%n", report.count(CheckResult.Mark.PASS),
                warnings, warnings == 1 ? "warning" : "warnings", report.count(CheckResult.Mark.FAIL),
                report.count(CheckResult.Mark.INFO));
        out.println(report.ready() ? "The gateway is ready for the install."
                : "Fix the failed checks above, then run the checks again.");
    }

    /**
     * Prints one line per check, with the explanation and the fix under each one that did not pass. A check that
     * waits for something outside the site shows what happens next instead of a fix.
     */
    void printResults(java.util.List<CheckResult> results) {
        for (CheckResult result : results) {
            out.printf("  %-5s %-" + ID_WIDTH + "s %s%n", mark(result), result.id(), result.title());
            if (result.mark() != CheckResult.Mark.PASS) {
                out.printf("        %s%n", result.explanation());
                if (result.fix() != null) {
                    out.printf("        %s %s%n", result.mark() == CheckResult.Mark.INFO ? "Next:" : "Fix:",
                            result.fix());
                }
            }
        }
    }

    private static String mark(CheckResult result) {
        return switch (result.mark()) {
            case PASS -> "PASS";
            case WARNING -> "WARN";
            case FAIL -> "FAIL";
            case INFO -> "INFO";
        };
    }
}
