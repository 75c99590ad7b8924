package dev.outpost.cli;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.PreflightReport;
import dev.outpost.engine.session.ReportJson;
import dev.outpost.engine.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code outpost check}: connects to a gateway, gathers its facts and prints every pre-flight check. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Connects to a gateway over SSH and runs the pre-flight checks.",
            "Exit status: 0 when no blocker failed, 1 when a blocker failed, 2 when it could not connect or the"
                + " arguments are wrong."})
public final class CheckCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(CheckCommand.class);

    static final int EXIT_READY = 0;
    static final int EXIT_BLOCKED = 1;
    static final int EXIT_FAILED = 2;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GatewayOptions gateway;

    @Option(names = "--json", description = "Print the report as JSON (schemaVersion 1, see docs/check-json.md).")
    private boolean json;

    private final Preflight preflight;
    private final Path defaultKnownHosts;
    private final InputStream stdin;

    public CheckCommand(Preflight preflight, Path defaultKnownHosts, InputStream stdin) {
        this.preflight = preflight;
        this.defaultKnownHosts = defaultKnownHosts;
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException {
        gateway.showLogIfVerbose();
        PrintWriter err = spec.commandLine().getErr();
        ConnectionSettings settings;
        try {
            settings = gateway.settings(stdin, defaultKnownHosts);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return EXIT_FAILED;
        }
        try {
            PreflightReport report = preflight.run(settings, SessionListener.NONE);
            print(report);
            if (!report.ready()) {
                err.println(report.blockers().size() + " blocker(s) failed: " + String.join(", ",
                        report.blockers().stream().map(r -> r.id()).toList()) + ". Fix them and run the checks"
                        + " again.");
                return EXIT_BLOCKED;
            }
            return EXIT_READY;
        } catch (GatewayException e) {
            log.error("The pre-flight checks could not run against {}.", settings.host(), e);
            err.println(e.getMessage());
            return EXIT_FAILED;
        } finally {
            settings.credentials().wipe();
        }
    }

    private void print(PreflightReport report) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ReportJson().write(report));
        } else {
            new CheckReportPrinter(out).print(report);
        }
        out.flush();
    }
}
