package dev.outpost.engine.install;

import dev.outpost.engine.bundle.ArtifactRole;
import dev.outpost.engine.bundle.Architecture;
import dev.outpost.engine.bundle.BundleArtifact;
import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleManifest;
import dev.outpost.engine.bundle.BundleProgressListener;
import dev.outpost.engine.bundle.BundleReader;
import dev.outpost.engine.bundle.BundleVerifier;
import dev.outpost.engine.cluster.ClusterException;
import dev.outpost.engine.facts.GatewayFacts;
import dev.outpost.engine.gateway.CommandResult;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewaySession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Installs K3s on a gateway from an offline bundle, as a plan of named, idempotent steps. It checks the gateway
 * and the bundle before anything changes, sends each artifact the gateway lacks, writes the K3s configuration, runs
 * the install script, starts K3s and waits for the node. A journal on the gateway records finished steps, so a
 * later run skips what is done and still verified, and continues where an interruption stopped it.
 *
 * <p>One installer serves one run at a time. {@link #install} blocks; {@link #cancel}, or closing the session, from
 * another thread closes the connection, after which the current step ends as cancelled.
 */
public final class Installer {

    /**
     * How long the waiting steps wait.
     *
     * @param serviceActive how long the K3s service may take to become active
     * @param nodeReady     how long the node may take to become Ready once the service is active
     * @param pollEvery     how often the state is polled while waiting
     */
    public record Timeouts(Duration serviceActive, Duration nodeReady, Duration pollEvery) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofMinutes(5), Duration.ofMinutes(10),
                Duration.ofSeconds(2));
    }

    static final StepInfo CHECK = new StepInfo("check-gateway", "Check the gateway and the bundle");
    /** The start of the ids of the steps that send a bundle file; their progress is in bytes. */
    public static final String SEND_PREFIX = "send:";

    private static final Logger log = LoggerFactory.getLogger(Installer.class);
    private static final Duration SHORT = Duration.ofSeconds(30);
    /** Room left free on each file system beyond the files themselves, for logs and K3s's first start. */
    static final long SPACE_MARGIN = 64L * 1024 * 1024;

    private final Path laptopJournals;
    private final Clock clock;
    private final Timeouts timeouts;
    private volatile boolean cancelled;
    private volatile GatewaySession active;

    /**
     * @param laptopJournals the folder on the laptop that keeps a copy of each gateway's journal
     */
    public Installer(Path laptopJournals, Clock clock, Timeouts timeouts) {
        this.laptopJournals = laptopJournals;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    /** Stops the running install by closing its connection. Safe at any point; the next run resumes. */
    public void cancel() {
        cancelled = true;
        GatewaySession session = active;
        if (session != null) {
            session.close();
        }
    }

    /**
     * Runs the plan. Blocks. Every failure ends the run with a result whose message names the next action, and nothing is
     * thrown.
     */
    public InstallResult install(GatewaySession session, InstallRequest request, InstallListener listener) {
        active = session;
        cancelled = false;
        LaptopRecords.Recorder recorder = LaptopRecords.record(LaptopRecords.runRecord(laptopJournals,
                session.settings().host(), session.settings().port()), listener);
        Events events = new Events(recorder, clock);
        Run run = new Run(session, request, events, new JournalStore(session, laptopJournals));
        try {
            run.prepare();
            run.check();
            run.send();
            run.steps(run.k3sSteps);
            run.steps(run.meshSteps);
            String message = request.join() == null
                    ? "K3s is running on " + request.site().nodeName() + " and the node is ready."
                    : "The site " + request.site().nodeName() + " has joined " + request.join().enrollment()
                    .centralClusterName() + ": Linkerd runs with the site's own identity and the link is in"
                    + " place.";
            log.info("Install finished: {} {} bundle bytes were sent.", message, run.bytesSent());
            events.end(true, message, run.bytesSent());
            return new InstallResult(true, message, null, run.bytesSent());
        } catch (GatewayException | InstallException | BundleException | IOException | ClusterException
                 | InterruptedException | RuntimeException e) {
            return run.fail(e);
        } finally {
            active = null;
            recorder.close();
        }
    }

    /** The state of one install run. */
    private final class Run {

        private final GatewaySession session;
        private final InstallRequest request;
        private final Events events;
        private final JournalStore store;
        private final BundleReader reader;
        private ArtifactTransfer transfer;
        private BundleManifest manifest;
        private List<ArtifactPlacement> placements = List.of();
        private InstallJournal journal = InstallJournal.empty();
        private List<InstallStep> k3sSteps = List.of();
        private List<InstallStep> meshSteps = List.of();
        private String previousSite;
        private java.time.Instant gatewayNow;
        private GatewaySurvey survey;
        private boolean planShown;
        private boolean unitPresent;
        private boolean journalFound;
        private String current;

        Run(GatewaySession session, InstallRequest request, Events events, JournalStore store) {
            this.session = session;
            this.request = request;
            this.events = events;
            this.store = store;
            this.reader = new BundleReader(request.bundle(), request.trustedKeys());
        }

        long bytesSent() {
            return transfer == null ? 0 : transfer.bytesSent();
        }

        /** Reads the signed manifest, the gateway's machine and journal, and shows the plan. Changes nothing. */
        void prepare() throws BundleException, IOException, GatewayException, InstallException {
            manifest = reader.manifest();
            CommandResult basics = session.runAsRoot("uname -m; if [ -e /etc/systemd/system/"
                    + GatewayPaths.K3S_UNIT + ".service ]; then echo unit; else echo no-unit; fi; date -u +%s; cat "
                    + GatewayPaths.JOURNAL + " 2>/dev/null || true", new byte[0], SHORT);
            if (!basics.succeeded()) {
                throw new InstallException(notRoot(basics));
            }
            List<String> lines = basics.stdout().lines().toList();
            String machine = lines.isEmpty() ? "" : lines.get(0).strip();
            unitPresent = lines.size() > 1 && lines.get(1).strip().equals("unit");
            gatewayNow = lines.size() > 2 ? JoinChecks.epochSeconds(lines.get(2)) : null;
            String journalText = String.join("\n", lines.subList(Math.min(3, lines.size()), lines.size()));
            journalFound = !journalText.isBlank();
            placements = placementsFor(manifest, machine);
            InstallJournal found = store.parse(journalText);
            previousSite = found.site();
            journal = found.forRun(manifest.name(), request.site().nodeName());
            k3sSteps = K3sSteps.plan(request.site(), digestOf(ArtifactRole.K3S_INSTALL_SCRIPT),
                    digestOf(ArtifactRole.K3S_BINARY));
            if (request.join() != null) {
                meshSteps = MeshSteps.plan(request.join(), JoinChecks.chartFiles(placements),
                        JoinChecks.linkerdVersion(manifest));
            }
            List<StepInfo> plan = new ArrayList<>();
            plan.add(CHECK);
            placements.forEach(p -> plan.add(sendStep(p)));
            k3sSteps.forEach(s -> plan.add(s.info()));
            meshSteps.forEach(s -> plan.add(s.info()));
            events.plan(plan);
            planShown = true;
        }

        /** Checks the site settings and the free space, and decides what to send. Changes nothing. */
        void check() throws GatewayException, InstallException, BundleException, IOException {
            begin(CHECK.id(), "Checking the bundle, and the gateway's networks and free space.");
            new BundleVerifier().verify(request.bundle(), request.trustedKeys(), BundleProgressListener.NONE);
            survey = GatewaySurvey.take(session, placements);
            checkNotForeign();
            if (request.join() != null) {
                JoinChecks.check(session, request.join(), previousSite, gatewayNow, unitPresent && journalFound);
            }
            List<String> problems = K3sConfig.problems(request.site(), survey.networks());
            if (!problems.isEmpty()) {
                throw new InstallException(String.join(" ", problems));
            }
            long toSend = checkSpace();
            events.finished(CHECK.id(), StepOutcome.DONE, toSend == 0
                    ? "The gateway already contains every file of the bundle it needs."
                    : "The gateway has room for the " + Sizes.of(toSend) + " still to send.");
        }

        /**
         * Rejects a gateway whose K3s someone else installed: a K3s unit, or a K3s binary other than the bundle's,
         * with no Outpost journal. Outpost would otherwise overwrite its program and configuration.
         */
        private void checkNotForeign() throws InstallException {
            if (journalFound) {
                return;
            }
            boolean otherBinary = false;
            for (int i = 0; i < placements.size(); i++) {
                ArtifactPlacement placement = placements.get(i);
                GatewaySurvey.FileState state = survey.files().get(i);
                if (placement.artifact().role() == ArtifactRole.K3S_BINARY && state != null && state.size() >= 0
                        && !isPresent(placement, state)) {
                    otherBinary = true;
                }
            }
            if (unitPresent || otherBinary) {
                throw new InstallException("K3s is already installed on this gateway, but not by Outpost (there is"
                        + " no " + GatewayPaths.JOURNAL + "), so Outpost leaves it alone. Ask head office whether"
                        + " to remove it with " + GatewayPaths.K3S_UNINSTALL + ", then install again. Nothing was"
                        + " changed.");
            }
        }

        private long checkSpace() throws InstallException {
            Map<String, Long> needed = new HashMap<>();
            Map<String, Long> available = new HashMap<>();
            Map<String, String> example = new HashMap<>();
            long total = 0;
            for (int i = 0; i < placements.size(); i++) {
                ArtifactPlacement placement = placements.get(i);
                GatewaySurvey.FileState state = survey.files().get(i);
                if (state == null || isPresent(placement, state)) {
                    continue;
                }
                long partial = resumable(placement, state) ? state.partialSize() : 0;
                long bytes = placement.artifact().size() - partial;
                total += bytes;
                needed.merge(state.mountPoint(), bytes, Long::sum);
                available.put(state.mountPoint(), state.availableBytes());
                example.putIfAbsent(state.mountPoint(), placement.folder());
            }
            for (var entry : needed.entrySet()) {
                long free = available.get(entry.getKey());
                long required = entry.getValue() + SPACE_MARGIN;
                if (free < required) {
                    throw new InstallException("The gateway needs " + Sizes.of(required - free) + " more free space"
                            + " on " + entry.getKey() + " (which contains " + example.get(entry.getKey()) + "): "
                            + Sizes.of(entry.getValue()) + " of files plus " + Sizes.of(SPACE_MARGIN) + " to spare,"
                            + " and " + Sizes.of(free) + " is free. Free space there, then install again. Nothing"
                            + " was changed.");
                }
            }
            return total;
        }

        /** Sends what the gateway lacks, and records each verified file in the journal. */
        void send() throws GatewayException, InstallException, BundleException, IOException {
            List<ArtifactTransfer.Planned> planned = new ArrayList<>();
            for (int i = 0; i < placements.size(); i++) {
                ArtifactPlacement placement = placements.get(i);
                GatewaySurvey.FileState state = survey.files().get(i);
                String id = sendStep(placement).id();
                if (state != null && isPresent(placement, state)) {
                    begin(id, "Checking " + placement.target() + " on the gateway.");
                    record(id, placement.artifact().sha256(), placement.target());
                    events.finished(id, StepOutcome.ALREADY_DONE, "Already on the gateway and verified.");
                    current = null;
                } else {
                    boolean resume = state != null && resumable(placement, state);
                    planned.add(new ArtifactTransfer.Planned(placement, resume ? state.partialSize() : 0,
                            resume ? state.partialSha256() : null));
                }
            }
            transfer = new ArtifactTransfer(session, reader);
            transfer.send(planned, new TransferEvents());
        }

        /** Runs steps in order, skipping those already done and verified. */
        void steps(List<InstallStep> steps) throws GatewayException, InstallException, ClusterException,
                InterruptedException {
            for (InstallStep step : steps) {
                String id = step.info().id();
                begin(id, step.info().title() + ".");
                StepContext context = new StepContext(session, events, journal, timeouts);
                if (step.alreadyDone(context)) {
                    events.finished(id, StepOutcome.ALREADY_DONE, "Already done and verified.");
                } else {
                    step.apply(context);
                    events.finished(id, StepOutcome.DONE, "Done.");
                }
                record(id, step.inputs(), null);
                current = null;
            }
        }

        private void begin(String id, String message) {
            current = id;
            events.started(id, message);
        }

        private void record(String id, String inputs, String target) throws GatewayException, InstallException {
            if (journal.finishedWith(id, inputs)) {
                return;
            }
            journal = journal.with(new InstallJournal.Entry(id, inputs, target, clock.instant()));
            store.save(journal);
        }

        InstallResult fail(Exception e) {
            boolean wasCancelled = cancelled || session.closedByCaller();
            String message = wasCancelled
                    ? "The install was cancelled. Nothing is half-changed on the gateway; the next install continues"
                    + " where this one stopped."
                    : messageOf(e);
            if (wasCancelled) {
                log.info("The install was cancelled during step {}.", current);
            } else {
                log.error("The install failed during step {}: {}", current == null ? CHECK.id() : current, message, e);
            }
            if (!planShown) {
                events.plan(List.of(CHECK));
            }
            if (current == null) {
                current = CHECK.id();
                events.started(current, CHECK.title() + ".");
            }
            events.finished(current, wasCancelled ? StepOutcome.CANCELLED : StepOutcome.FAILED, message);
            events.end(false, message, bytesSent());
            return new InstallResult(false, message, current, bytesSent());
        }

        private boolean isPresent(ArtifactPlacement placement, GatewaySurvey.FileState state) {
            return state.size() == placement.artifact().size()
                    && placement.artifact().sha256().equals(state.sha256());
        }

        private boolean resumable(ArtifactPlacement placement, GatewaySurvey.FileState state) {
            return state.partialSize() > 0 && state.partialSize() <= placement.artifact().size()
                    && state.partialSha256() != null;
        }

        private String digestOf(ArtifactRole role) {
            return placements.stream().filter(p -> p.artifact().role() == role)
                    .map(p -> p.artifact().sha256()).findFirst().orElse("");
        }

        /** Reports transfers as step events and records each verified file. */
        private final class TransferEvents implements ArtifactTransfer.Listener {

            @Override
            public void started(ArtifactPlacement placement, long resumedFrom) {
                begin(sendStep(placement).id(), resumedFrom > 0
                        ? "Resuming " + placement.artifact().fileName() + " from " + Sizes.of(resumedFrom) + "."
                        : "Sending " + placement.artifact().fileName() + " to " + placement.target() + ".");
            }

            @Override
            public void progress(ArtifactPlacement placement, long done, TransferMeter meter) {
                events.progress(current, done, placement.artifact().size(), meter.rate(), meter.remaining(done),
                        Sizes.of(done) + " of " + Sizes.of(placement.artifact().size()));
            }

            @Override
            public void finished(ArtifactPlacement placement, long bytesSent) {
                String id = sendStep(placement).id();
                try {
                    record(id, placement.artifact().sha256(), placement.target());
                } catch (GatewayException | InstallException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                events.finished(id, StepOutcome.DONE, "Sent and verified on the gateway (" + Sizes.of(bytesSent)
                        + " sent).");
                current = null;
            }
        }
    }

    private static String messageOf(Exception e) {
        if (e instanceof IllegalStateException && e.getCause() instanceof Exception cause) {
            return messageOf(cause);
        }
        if (e instanceof GatewayException || e instanceof InstallException || e instanceof BundleException
                || e instanceof ClusterException) {
            return e.getMessage();
        }
        if (e instanceof IOException) {
            return "The bundle could not be read (" + e.getMessage() + "). Check the bundle file, then install"
                    + " again.";
        }
        if (e instanceof InterruptedException) {
            return "The install was interrupted. Install again; it continues where it stopped.";
        }
        return "Outpost stopped on an unexpected error (" + e.getClass().getSimpleName() + "). Install again; if it"
                + " happens again, send the diagnostics to head office.";
    }

    /** Explains a failed command as root, naming the sudo password when sudo asked for one. */
    static String notRoot(CommandResult result) {
        String error = result.stderr();
        if (error.contains("password is required") || error.contains("incorrect password")
                || error.contains("Sorry, try again")) {
            return "sudo on the gateway needs the account's password, and it was missing or wrong. Give it (with a"
                    + " key login: --sudo-password-stdin), or log in as root, then try again.";
        }
        return "Outpost could not act as root on the gateway (exit " + result.exitCode() + "). Log in as root or"
                + " as a user who may use sudo, then try again.";
    }

    static StepInfo sendStep(ArtifactPlacement placement) {
        return new StepInfo(SEND_PREFIX + placement.artifact().path(), placement.title());
    }

    /**
     * The artifacts for the gateway's processor, and those for every processor, each with its place. Rejects a
     * bundle that lacks K3s for this processor before anything changes.
     */
    static List<ArtifactPlacement> placementsFor(BundleManifest manifest, String machine) throws InstallException {
        Architecture arch = architectureOf(machine);
        List<BundleArtifact> chosen = manifest.artifacts().stream()
                .filter(a -> a.architecture() == arch || a.architecture() == Architecture.ALL).toList();
        Set<ArtifactRole> roles = chosen.stream().map(BundleArtifact::role).collect(Collectors.toSet());
        if (!roles.contains(ArtifactRole.K3S_BINARY) || !roles.contains(ArtifactRole.K3S_IMAGES)) {
            String carried = manifest.artifacts().stream().filter(a -> a.role() == ArtifactRole.K3S_BINARY)
                    .map(a -> a.architecture().id()).distinct().sorted().collect(Collectors.joining(", "));
            throw new InstallException("This bundle has no K3s " + (roles.contains(ArtifactRole.K3S_BINARY)
                    ? "image archive" : "program") + " for the gateway's processor (" + arch.id() + "); it carries "
                    + (carried.isEmpty() ? "none" : carried) + ". Ask head office for a bundle that includes "
                    + arch.id() + ". Nothing was changed.");
        }
        if (!roles.contains(ArtifactRole.K3S_INSTALL_SCRIPT)) {
            throw new InstallException("This bundle has no K3s install script. Ask head office for a new bundle."
                    + " Nothing was changed.");
        }
        List<ArtifactPlacement> placements = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (BundleArtifact artifact : chosen) {
            var placement = ArtifactPlacement.of(artifact);
            if (placement.isEmpty()) {
                continue;
            }
            if (!targets.add(placement.get().target())) {
                throw new InstallException("Two files of this bundle would both go to " + placement.get().target()
                        + " on the gateway. Ask head office for a new bundle. Nothing was changed.");
            }
            placements.add(placement.get());
        }
        return placements;
    }

    private static Architecture architectureOf(String machine) throws InstallException {
        return switch (GatewayFacts.Architecture.fromMachine(machine)) {
            case AMD64 -> Architecture.AMD64;
            case ARM64 -> Architecture.ARM64;
            case ARMV7 -> Architecture.ARMV7;
            default -> throw new InstallException("K3s does not support the gateway's processor ('" + machine
                    + "'). Use a gateway with a 64-bit Intel/AMD or ARM processor, or a 32-bit ARMv7 one.");
        };
    }
}
