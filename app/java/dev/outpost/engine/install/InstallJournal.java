package dev.outpost.engine.install;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The record of finished install steps, kept on the gateway in {@link GatewayPaths#JOURNAL} with a copy on the
 * laptop. A step counts as done on a later run only when its entry has the same inputs and the step still
 * verifies.
 *
 * @param bundle  the name of the bundle the last run installed from
 * @param site    the node name the last run configured
 * @param entries the finished steps, one per step id
 */
public record InstallJournal(String bundle, String site, List<Entry> entries) {

    /** The journal format this Outpost reads and writes. */
    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "outpost.install-journal";

    /**
     * One finished step.
     *
     * @param step       the step's id
     * @param inputs     a digest of everything the step's result depends on
     * @param target     the file the step placed on the gateway, or {@code null}
     * @param finishedAt when it finished
     */
    public record Entry(String step, String inputs, String target, Instant finishedAt) {
    }

    public InstallJournal {
        entries = List.copyOf(entries);
    }

    public static InstallJournal empty() {
        return new InstallJournal(null, null, List.of());
    }

    /** Returns the entry of a step, if the step finished in an earlier run. */
    public Optional<Entry> entry(String step) {
        return entries.stream().filter(e -> e.step().equals(step)).findFirst();
    }

    /** Whether the step finished earlier with the same inputs. */
    public boolean finishedWith(String step, String inputs) {
        return entry(step).map(e -> e.inputs().equals(inputs)).orElse(false);
    }

    /** Returns a journal with the step's entry replaced by a new one. */
    public InstallJournal with(Entry entry) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.step().equals(entry.step()));
        next.add(entry);
        return new InstallJournal(bundle, site, next);
    }

    /** Returns a journal with the step's entry removed, for a step whose result no longer verifies. */
    public InstallJournal without(String step) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.step().equals(step));
        return new InstallJournal(bundle, site, next);
    }

    /** Returns a journal that names the bundle and site of the current run. */
    public InstallJournal forRun(String bundleName, String siteName) {
        return new InstallJournal(bundleName, siteName, entries);
    }
}
