package dev.outpost.cli;

import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.install.InstallResult;
import dev.outpost.engine.install.Uninstaller;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code outpost uninstall}: removes what Outpost installed on a gateway. */
@Command(name = "uninstall", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Removes K3s (with its own uninstall script) and every file Outpost placed on the gateway."
            + " A K3s that Outpost did not install is left alone.",
            "Exit status: 0 when removed or nothing was installed, 1 when a step failed, 2 when it could not"
                + " connect or the arguments are wrong."})
public final class UninstallCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(UninstallCommand.class);

    @Spec
    private CommandSpec spec;

    @Mixin
    private GatewayOptions gateway;

    @Option(names = "--json", description = "Print one JSON event per line (see docs/install-json.md).")
    private boolean json;

    private final Preflight preflight;
    private final Uninstaller uninstaller;
    private final Path defaultKnownHosts;
    private final InputStream stdin;

    public UninstallCommand(Preflight preflight, Uninstaller uninstaller, Path defaultKnownHosts, InputStream stdin) {
        this.preflight = preflight;
        this.uninstaller = uninstaller;
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
            return InstallRun.EXIT_FAILED;
        }
        InstallEventPrinter printer = new InstallEventPrinter(spec.commandLine().getOut(), json, "Removed.",
                "Not removed.");
        try (GatewaySession session = preflight.connect(settings, SessionListener.NONE)) {
            InstallResult result = uninstaller.uninstall(session, printer);
            if (!result.succeeded()) {
                err.println(result.message());
                return InstallRun.EXIT_STEP_FAILED;
            }
            return InstallRun.EXIT_DONE;
        } catch (GatewayException e) {
            log.error("Outpost could not uninstall from {}.", settings.host(), e);
            printer.failed(e.getMessage());
            err.println(e.getMessage());
            return InstallRun.EXIT_FAILED;
        } finally {
            settings.credentials().wipe();
        }
    }
}
