package dev.outpost.engine.install;

import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import dev.outpost.engine.gateway.ShellQuoting;
import dev.outpost.engine.platform.PrintableText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes what Outpost installed on a gateway: K3s through its own uninstall script where the install script
 * left one, then every file the journal lists as placed by Outpost, any partly received file, and Outpost's folder. A
 * gateway without Outpost's journal is left alone, so a K3s someone else installed is never removed. Blocks.
 */
public final class Uninstaller {

    static final StepInfo REMOVE_K3S = new StepInfo("remove-k3s", "Remove K3s with its own uninstall script");
    static final StepInfo REMOVE_FILES = new StepInfo("remove-outpost-files", "Remove the files Outpost placed");

    private static final Logger log = LoggerFactory.getLogger(Uninstaller.class);
    private static final Duration SHORT = Duration.ofSeconds(30);
    private static final Duration UNINSTALL_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> FOLDERS_WITH_PARTIALS = List.of("/usr/local/bin", GatewayPaths.IMAGES_DIR,
            GatewayPaths.CHARTS_DIR, GatewayPaths.OUTPOST_DIR + "/k3s");

    private final Path laptopJournals;
    private final Clock clock;

    public Uninstaller(Path laptopJournals, Clock clock) {
        this.laptopJournals = laptopJournals;
        this.clock = clock;
    }

    /** Runs the removal. Every failure ends the run with a result whose message names the next action. */
    public InstallResult uninstall(GatewaySession session, InstallListener listener) {
        Events events = new Events(listener, clock);
        JournalStore store = new JournalStore(session, laptopJournals);
        events.plan(List.of(REMOVE_K3S, REMOVE_FILES));
        String current = REMOVE_K3S.id();
        try {
            events.started(current, "Looking for Outpost's install journal on the gateway.");
            CommandResult read = session.runAsRoot("cat " + GatewayPaths.JOURNAL + " 2>/dev/null || true",
                    new byte[0], SHORT);
            if (!read.succeeded()) {
                throw new InstallException(Installer.notRoot(read));
            }
            if (read.stdout().isBlank()) {
                return nothingToRemove(session, events);
            }
            InstallJournal journal = store.parse(read.stdout());
            removeK3s(session, events);
            current = REMOVE_FILES.id();
            events.started(current, "Removing the files Outpost placed on the gateway.");
            removeFiles(session, journal);
            store.forgetLaptopCopy();
            events.finished(current, StepOutcome.DONE, "Outpost's files are removed.");
            String message = "K3s and the files Outpost installed are removed from the gateway.";
            log.info("Uninstall finished: {}", message);
            events.end(true, message, 0);
            return new InstallResult(true, message, null, 0);
        } catch (GatewayException | InstallException e) {
            log.error("The uninstall failed during step {}: {}", current, e.getMessage(), e);
            events.finished(current, StepOutcome.FAILED, e.getMessage());
            events.end(false, e.getMessage(), 0);
            return new InstallResult(false, e.getMessage(), current, 0);
        }
    }

    private InstallResult nothingToRemove(GatewaySession session, Events events) throws GatewayException {
        boolean k3s = session.runAsRoot("[ -e " + GatewayPaths.K3S_BINARY + " ] || [ -e /etc/systemd/system/"
                + GatewayPaths.K3S_UNIT + ".service ]", new byte[0], SHORT).succeeded();
        String message = k3s
                ? "K3s on this gateway was not installed by Outpost (there is no " + GatewayPaths.JOURNAL + "), so"
                + " Outpost leaves it alone. Remove it with " + GatewayPaths.K3S_UNINSTALL + " if you mean to."
                : "Outpost has not installed anything on this gateway, so there is nothing to remove.";
        events.finished(REMOVE_K3S.id(), k3s ? StepOutcome.FAILED : StepOutcome.ALREADY_DONE, message);
        if (!k3s) {
            events.started(REMOVE_FILES.id(), "Nothing to remove.");
            events.finished(REMOVE_FILES.id(), StepOutcome.ALREADY_DONE, "Nothing to remove.");
        }
        events.end(!k3s, message, 0);
        return new InstallResult(!k3s, message, k3s ? REMOVE_K3S.id() : null, 0);
    }

    private void removeK3s(GatewaySession session, Events events) throws GatewayException, InstallException {
        String unit = "/etc/systemd/system/" + GatewayPaths.K3S_UNIT + ".service";
        String script = "if [ -x " + GatewayPaths.K3S_UNINSTALL + " ]; then " + GatewayPaths.K3S_UNINSTALL
                + " 2>&1; elif [ -f " + unit + " ]; then systemctl disable --now " + GatewayPaths.K3S_UNIT
                + " 2>&1; rm -f " + unit + " " + unit + ".env; systemctl daemon-reload; else echo absent; fi";
        CommandResult result = session.runAsRoot(script, new byte[0], UNINSTALL_TIMEOUT);
        if (result.stdout().strip().equals("absent")) {
            events.finished(REMOVE_K3S.id(), StepOutcome.ALREADY_DONE, "K3s is not installed.");
            return;
        }
        result.stdout().lines().map(PrintableText::escapeControls)
                .forEach(line -> events.output(REMOVE_K3S.id(), line));
        if (!result.succeeded()) {
            throw new InstallException("K3s's uninstall script stopped with exit status " + result.exitCode()
                    + ". Its output is in the log; run the uninstall again.");
        }
        events.finished(REMOVE_K3S.id(), StepOutcome.DONE, "K3s is removed.");
    }

    private void removeFiles(GatewaySession session, InstallJournal journal) throws GatewayException,
            InstallException {
        Set<String> paths = new LinkedHashSet<>();
        journal.entries().stream().map(InstallJournal.Entry::target).filter(t -> t != null && t.startsWith("/"))
                .forEach(paths::add);
        paths.add(GatewayPaths.K3S_CONFIG);
        StringBuilder script = new StringBuilder("rm -f");
        for (String path : paths) {
            script.append(' ').append(ShellQuoting.quote(path));
        }
        script.append('\n');
        for (String folder : FOLDERS_WITH_PARTIALS) {
            script.append("[ -d ").append(folder).append(" ] && find ").append(folder)
                    .append(" -maxdepth 1 -name '*").append(GatewayPaths.PARTIAL_SUFFIX).append("*' -delete\n");
        }
        script.append("rm -rf ").append(GatewayPaths.OUTPOST_DIR).append('\n');
        CommandResult result = session.runAsRoot(script.toString(), new byte[0], SHORT);
        if (!result.succeeded()) {
            throw new InstallException("Some of Outpost's files could not be removed from the gateway: "
                    + PrintableText.escapeControls(result.stderr().strip()) + ". Run the uninstall again.");
        }
    }
}
