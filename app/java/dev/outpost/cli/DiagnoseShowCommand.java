package dev.outpost.cli;

import dev.outpost.engine.diagnostics.DiagnosticsException;
import dev.outpost.engine.diagnostics.DiagnosticsFile;
import dev.outpost.engine.diagnostics.DiagnosticsSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code outpost diagnose show}: prints a diagnostics file's summary for head office. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints the summary of a diagnostics file: the site, what needs attention with what to do,"
            + " the install's timeline, the checks, what could not be collected and what was redacted. The full"
            + " report is report.html inside the file.",
            "Exit status: 0 when the file was read, 2 when it is not a diagnostics file this Outpost reads."})
public final class DiagnoseShowCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The diagnostics file (.zip).")
    private Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            print(out, DiagnosticsFile.read(file));
            return InstallRun.EXIT_DONE;
        } catch (DiagnosticsException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return InstallRun.EXIT_FAILED;
        } finally {
            out.flush();
        }
    }

    static void print(PrintWriter out, DiagnosticsSummary summary) {
        out.printf("Diagnostics written %s by Outpost %s%n", summary.createdAt(), summary.outpostVersion());
        out.printf("%s: %s%n%n", summary.state().toUpperCase(Locale.ROOT), summary.headline());
        summary.site().forEach(f -> out.printf("  %-18s %s%n", f.label(), f.value()));
        if (summary.addressesMasked()) {
            out.println("  (addresses and host names are masked)");
        }
        out.println();
        if (!summary.problems().isEmpty()) {
            out.println("What needs attention:");
            for (DiagnosticsSummary.Problem problem : summary.problems()) {
                out.printf("  [%s] %s%n      %s%n", problem.severity(), problem.title(), problem.what());
                if (problem.fix() != null) {
                    out.printf("      What to do: %s%n", problem.fix());
                }
            }
            out.println();
        }
        if (!summary.steps().isEmpty()) {
            out.println("Install timeline:");
            for (DiagnosticsSummary.Step step : summary.steps()) {
                out.printf("  %-12s %9s  %s%n", step.outcome(), step.durationMillis() < 0 ? ""
                        : String.format(Locale.ROOT, "%.1f s", step.durationMillis() / 1000.0), step.title());
            }
            out.println();
        }
        if (!summary.checks().isEmpty()) {
            long failed = summary.checks().stream().filter(c -> c.mark().equals("fail")).count();
            long warnings = summary.checks().stream().filter(c -> c.mark().equals("warning")).count();
            out.printf("Checks: %d in all, %d failed, %d warnings.%n%n", summary.checks().size(), failed, warnings);
        }
        if (!summary.notCollected().isEmpty()) {
            out.println("Not collected:");
            summary.notCollected().forEach(n -> out.println("  " + n));
            out.println();
        }
        out.println(summary.redactions().isEmpty() ? "Nothing was redacted." : "Redacted:");
        summary.redactions().forEach(r -> out.printf("  %4d %s%n", r.count(), r.description()));
    }
}
