package dev.outpost.cli;

import dev.outpost.engine.diagnostics.DiagnosticsException;
import dev.outpost.engine.diagnostics.DiagnosticsExport;
import dev.outpost.engine.diagnostics.DiagnosticsRequest;
import dev.outpost.engine.diagnostics.ExportResult;
import dev.outpost.engine.diagnostics.RedactionKind;
import dev.outpost.engine.gateway.ConnectionSettings;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.platform.AppDirectories;
import dev.outpost.engine.session.Preflight;
import dev.outpost.engine.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code outpost diagnose}: writes one diagnostics file for head office, with every secret redacted. With
 * {@code --host} it also collects from the gateway; a gateway that cannot be reached is noted in the file, which
 * still holds what the laptop knows.
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a diagnostics file (.zip) for head office: a report that opens in any browser, the"
            + " log, the install's timeline and journal, and with --host the gateway's facts, checks, K3s log,"
            + " kernel messages and a cluster snapshot. Passwords, tokens, keys and Secret values are removed"
            + " before anything is written.",
            "Exit status: 0 when the file was written (also when the gateway could not be reached), 2 when it could"
                + " not be written or the arguments are wrong."},
        subcommands = DiagnoseShowCommand.class)
public final class DiagnoseCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DiagnoseCommand.class);

    @Spec
    private CommandSpec spec;

    /** Required, but checked in {@link #call} so that {@code diagnose show} runs without it. */
    @Option(names = "--out", paramLabel = "FILE", description = "The diagnostics file to write (required), such"
            + " as outpost-diagnostics.zip. An existing file is replaced.")
    private Path out;

    @ArgGroup(exclusive = false, heading = "Collect from the gateway as well:%n")
    private GatewayOptions gateway;

    @Option(names = "--mask-addresses", description = "Mask IP addresses and host names, the same value with the"
            + " same mask throughout the file.")
    private boolean maskAddresses;

    @Option(names = "--redact-pattern", paramLabel = "REGEX", description = "Also remove every match of this Java"
            + " regular expression. Repeat for several; they add to the patterns in redaction-patterns.txt in"
            + " Outpost's data folder.")
    private List<String> patterns = new ArrayList<>();

    private final Preflight preflight;
    private final AppDirectories directories;
    private final InputStream stdin;
    private final String version;

    public DiagnoseCommand(Preflight preflight, AppDirectories directories, InputStream stdin, String version) {
        this.preflight = preflight;
        this.directories = directories;
        this.stdin = stdin;
        this.version = version;
    }

    @Override
    public Integer call() {
        PrintWriter printed = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (out == null) {
            err.println("The option --out FILE is missing. Name the file to write, such as --out"
                    + " outpost-diagnostics.zip, or run 'outpost diagnose show FILE' to read one.");
            return InstallRun.EXIT_FAILED;
        }
        DiagnosticsRequest request = DiagnosticsRequest.laptopOnly(directories, "No gateway was named (--host),"
                + " so only what this laptop knows was collected.").withMasking(maskAddresses)
                .withPatterns(patterns);
        ConnectionSettings settings = null;
        if (gateway != null) {
            gateway.showLogIfVerbose();
            try {
                settings = gateway.settings(stdin, directories.knownHosts());
            } catch (IllegalArgumentException | IOException e) {
                err.println(e.getMessage());
                return InstallRun.EXIT_FAILED;
            }
            request = request.withKnownSecrets(DiagnosticsRequest.KnownSecret.of(settings.credentials()));
        }
        try {
            ExportResult result = settings == null ? write(request)
                    : writeWithGateway(request, settings, err);
            print(printed, result);
            return InstallRun.EXIT_DONE;
        } catch (DiagnosticsException e) {
            err.println(e.getMessage());
            return InstallRun.EXIT_FAILED;
        } finally {
            if (settings != null) {
                settings.credentials().wipe();
            }
            printed.flush();
            err.flush();
        }
    }

    private ExportResult writeWithGateway(DiagnosticsRequest request, ConnectionSettings settings, PrintWriter err)
            throws DiagnosticsException {
        try (GatewaySession session = preflight.connect(settings, SessionListener.NONE)) {
            return write(request.withGateway(settings.host(), settings.port(), session, null));
        } catch (GatewayException e) {
            log.warn("Diagnostics without the gateway {}: {}", settings.host(), e.getMessage());
            err.println(e.getMessage() + " The diagnostics file holds what this laptop knows.");
            return write(request.withGateway(settings.host(), settings.port(), null, e.getMessage()));
        }
    }

    private ExportResult write(DiagnosticsRequest request) throws DiagnosticsException {
        return new DiagnosticsExport(preflight, Clock.systemUTC(), version).write(request, out);
    }

    private static void print(PrintWriter out, ExportResult result) {
        out.println("Wrote " + result.file() + " (" + result.entries().size() + " files). " + result.headline());
        result.notCollected().forEach(out::println);
        int redacted = result.redactions().entrySet().stream()
                .filter(e -> e.getKey() != RedactionKind.ADDRESS && e.getKey() != RedactionKind.HOST_NAME)
                .mapToInt(Map.Entry::getValue).sum();
        out.println(redacted == 0 ? "No secret needed removing." : redacted + " secret(s) were removed; the report"
                + " lists them by kind.");
        out.println("Send the file to head office; they can read it with: outpost diagnose show "
                + result.file().getFileName());
    }
}
