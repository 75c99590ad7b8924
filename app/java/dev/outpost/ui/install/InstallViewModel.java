package dev.outpost.ui.install;

import dev.outpost.engine.bundle.BundleManifest;
import dev.outpost.engine.bundle.TrustedKeys;
import dev.outpost.engine.gateway.GatewayException;
import dev.outpost.engine.gateway.GatewayFailure;
import dev.outpost.engine.install.InstallResult;
import dev.outpost.engine.install.MeshJoin;
import dev.outpost.engine.install.SiteSettings;
import dev.outpost.ui.common.ActiveConnection;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.ChosenBundle;
import dev.outpost.ui.common.ChosenEnrollment;
import dev.outpost.ui.common.OpenedEnrollment;
import dev.outpost.ui.common.GatewayConnection;
import dev.outpost.ui.common.GatewayInstall;
import dev.outpost.ui.common.LastLogin;
import dev.outpost.ui.common.PageModel;
import dev.outpost.ui.common.RunningTask;
import dev.outpost.ui.common.VerifiedBundle;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.ZoneId;
import java.util.function.Supplier;

/**
 * The install page: a short form for the site's name, then the install plan run on a worker thread, with each
 * step's state, the progress, a log, and Cancel. A failed or cancelled run can run again, and the engine continues
 * where it stopped. When the connection was lost or cancelled, running again connects again first with the last
 * login that worked. Every public method is called on the FX thread.
 */
public final class InstallViewModel implements PageModel {

    /** The page's stage: the form, a run, or how the last run ended. */
    public enum Phase {
        /** The form: the site's name, then Install. */
        READY,
        /** Connecting again or running the plan. */
        RUNNING,
        /** The run failed, and Try again runs the plan again. */
        FAILED,
        /** The person cancelled the run, and Continue runs the plan again from where it stopped. */
        CANCELLED,
        /** Every step is done: K3s runs on the gateway and the node is ready. */
        FINISHED
    }

    static final String RUNNING = "Installing K3s on %s…";
    static final String RUNNING_JOIN = "Installing %s and joining it to head office…";
    static final String FINISHED_JOIN = "%s has joined %s. Linkerd runs with the site's own identity.";
    static final String ENROLLED_SITE = "The enrollment from head office names this site %s (%s); its name cannot be"
            + " changed here.";
    static final String PREPARING = "Preparing the install.";
    static final String CONNECTING_AGAIN = "Connecting to the gateway again.";
    static final String STEP_RUNNING = "Step %d of %d: %s.";
    static final String FINISHED = "K3s is running on %s. The node is ready.";
    static final String FINISHED_ADVICE = "All %d steps are done.";
    static final String BYTES_SENT = " This run sent %s of the bundle to the gateway.";
    static final String FAILED = "The install did not finish";
    static final String FAILED_AT = "Step %d of %d failed: %s. Fix the problem below, then choose Try again."
            + " Steps already done are skipped.";
    static final String FAILED_ADVICE = "Fix the problem below, then choose Try again.";
    static final String CANCELLED = "The install was cancelled";
    static final String CANCELLED_ADVICE = "Nothing more is sent to the gateway. The next run continues where this"
            + " one stopped: choose Continue when you are ready.";
    static final String NO_BUNDLE = "No verified offline bundle is chosen, so there is nothing to install from."
            + " Choose Back until the first page, choose the bundle head office sent you, then come back here.";
    static final String NOT_CONNECTED = "There is no connection to the gateway. Choose Back twice and connect"
            + " again.";
    static final String KEYS_UNREADABLE = "Outpost could not read this laptop's trusted keys. Check them under"
            + " Trusted keys… on the first page, then choose Try again.";
    static final String UNEXPECTED_FAILURE = "The install stopped because of an unexpected error. Choose Try"
            + " again; if it keeps happening, send Outpost's log file to head office.";

    private static final Logger log = LoggerFactory.getLogger(InstallViewModel.class);

    private final GatewayInstall install;
    private final BackgroundTasks tasks;
    private final ActiveConnection active;
    private final LastLogin lastLogin;
    private final ChosenBundle chosen;
    private final ChosenEnrollment enrollment;
    private final TrustedKeys trustedKeys;
    private final Supplier<String> gatewayHostname;
    private final InstallProgress progress;

    private final StringProperty siteName = new SimpleStringProperty(this, "siteName", "");
    private final ReadOnlyStringWrapper siteNameError = new ReadOnlyStringWrapper(this, "siteNameError");
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.READY);
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper advice = new ReadOnlyStringWrapper(this, "advice", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final BooleanBinding bundleChosen;
    private final StringBinding bundleProblem;
    private final StringBinding bundleDescription;
    private final BooleanBinding canContinue;
    private final BooleanBinding enrolled;
    private final StringBinding enrolledSite;

    private Run run;
    private boolean connectingAgain;
    private String suggestedName = "";
    private String site = "";

    /**
     * @param install         runs the install plan on the gateway
     * @param tasks           runs the install off the FX thread, and its busy flag is this page's
     * @param active          the connection the connect page opened
     * @param lastLogin       connects again when there is no connection
     * @param chosen          the bundle the welcome page verified
     * @param enrollment      the enrollment the enrollment page opened, if any, which the site joins with
     * @param trustedKeys     head office's keys, read on the worker thread when a run starts
     * @param gatewayHostname returns the gateway's host name from the last checks, or {@code null}, which the
     *                        site's name starts as
     * @param zone            the time zone of the log's times
     */
    public InstallViewModel(GatewayInstall install, BackgroundTasks tasks, ActiveConnection active,
            LastLogin lastLogin, ChosenBundle chosen, ChosenEnrollment enrollment, TrustedKeys trustedKeys,
            Supplier<String> gatewayHostname, ZoneId zone) {
        this.install = install;
        this.tasks = tasks;
        this.active = active;
        this.lastLogin = lastLogin;
        this.chosen = chosen;
        this.enrollment = enrollment;
        this.trustedKeys = trustedKeys;
        this.gatewayHostname = gatewayHostname;
        this.progress = new InstallProgress(zone);
        bundleChosen = chosen.bundleProperty().isNotNull();
        enrolled = enrollment.enrollmentProperty().isNotNull();
        enrolledSite = Bindings.createStringBinding(() -> enrollment.current().map(e -> String.format(ENROLLED_SITE,
                e.join().enrollment().siteId(), e.join().enrollment().displayName())).orElse(null),
                enrollment.enrollmentProperty());
        bundleProblem = Bindings.createStringBinding(() -> bundleChosen.get() ? null : NO_BUNDLE, bundleChosen);
        bundleDescription = Bindings.createStringBinding(() -> describe(chosen.bundleProperty().get()),
                chosen.bundleProperty());
        canContinue = Bindings.createBooleanBinding(() -> phase.get() == Phase.FINISHED && !tasks.isBusy(), phase,
                tasks.busyProperty());
        siteName.addListener((observable, before, after) -> siteNameError.set(null));
        progress.runningNumberProperty().addListener((observable, before, number) -> stepStarted(number.intValue()));
    }

    /** Starts the site's name as the gateway's host name, until the person types another. */
    @Override
    public void entered() {
        if (phase.get() != Phase.READY) {
            return;
        }
        if (enrolled.get()) {
            siteName.set(enrollment.current().orElseThrow().join().enrollment().siteId());
            suggestedName = siteName.get();
            return;
        }
        String suggestion = SiteName.suggestion(gatewayHostname.get());
        if (siteName.get().isEmpty() || siteName.get().equals(suggestedName)) {
            siteName.set(suggestion);
        }
        suggestedName = suggestion;
    }

    /**
     * Runs the install plan on a worker thread: Install on the form, Try again after a failure, Continue after a
     * cancel. Does nothing while a run is going, without a verified bundle, or when the site's name is invalid, in
     * which case its message is set. Without a connection it first connects again with the last login that worked.
     */
    public void start() {
        if (tasks.isBusy() || phase.get() == Phase.FINISHED) {
            return;
        }
        if (!bundleChosen.get()) {
            if (phase.get() != Phase.READY) {
                endFailedLogged(NO_BUNDLE);
            }
            return;
        }
        if (phase.get() == Phase.READY) {
            String problem = SiteName.problem(siteName.get());
            siteNameError.set(problem);
            if (problem != null) {
                return;
            }
            site = siteName.get().strip();
        }
        error.set(null);
        phase.set(Phase.RUNNING);
        headline.set(String.format(enrolled.get() ? RUNNING_JOIN : RUNNING, site));
        progress.runStarting(site);

        GatewayConnection connection = active.current().orElse(null);
        if (connection == null && connectAgain()) {
            return;
        }
        if (connection == null) {
            endFailedLogged(NOT_CONNECTED);
            return;
        }
        runOver(connection);
    }

    /** Starts connecting again with the last login that worked, and returns whether it started. */
    private boolean connectAgain() {
        connectingAgain = lastLogin.connectAgain(tasks, () -> {
            connectingAgain = false;
            active.current().ifPresentOrElse(this::runOver, () -> endFailedLogged(NOT_CONNECTED));
        }, sentence -> {
            connectingAgain = false;
            endFailedLogged(sentence);
        });
        if (connectingAgain) {
            advice.set(CONNECTING_AGAIN);
        }
        return connectingAgain;
    }

    private void runOver(GatewayConnection connection) {
        VerifiedBundle bundle = chosen.current().orElse(null);
        if (bundle == null) {
            endFailedLogged(NO_BUNDLE);
            return;
        }
        advice.set(PREPARING);
        MeshJoin join = enrollment.current().map(OpenedEnrollment::join).orElse(null);
        SiteSettings settings = join == null ? SiteSettings.defaults(site) : join.siteSettings();
        log.info("Installing K3s on the gateway at {} as the site {} from the bundle {}{}.",
                connection.settings().host(), site, bundle.path(), join == null ? ""
                        : ", then joining it to " + join.enrollment().centralClusterName());

        Run started = new Run();
        started.handOver = new InstallEventHandOver(tasks.fxThread(), batch -> {
            if (run == started) {
                progress.apply(batch);
            }
        }, System::nanoTime);
        run = started;
        started.task = tasks.run(
                () -> install.install(connection, bundle, trustedKeys.publicKeys(), settings, join,
                        started.handOver),
                result -> ended(started, result),
                failure -> ended(started, connection, failure));
    }

    /**
     * Stops the run by closing the connection, which the engine takes as cancelling the current step, or stops
     * connecting again. It shows no question and is safe at any moment, because the next run continues where this
     * one stopped. Does nothing when neither runs.
     */
    public void cancel() {
        if (connectingAgain) {
            connectingAgain = false;
            lastLogin.cancel();
            endCancelled();
            return;
        }
        if (run == null || run.task.isEnded()) {
            return;
        }
        Run cancelled = run;
        cancelled.handOver.flush();
        run = null;
        cancelled.task.cancel(late -> { });
        active.close();
        log.info("The person cancelled the install on the site {}, so the connection to the gateway is closed.", site);
        progress.endRunningStep(StepState.CANCELLED, null);
        endCancelled();
    }

    private void endCancelled() {
        phase.set(Phase.CANCELLED);
        headline.set(CANCELLED);
        advice.set(CANCELLED_ADVICE);
        progress.runEnded();
    }

    private void ended(Run ended, InstallResult result) {
        ended.handOver.flush();
        run = null;
        if (result.succeeded()) {
            log.info("K3s is installed on the site {}, and this run sent {} bytes of the bundle.", site,
                    result.artifactBytesSent());
            endFinished(result);
            return;
        }
        log.warn("The install on the site {} failed at the step {}: {}", site, result.failedStep(), result.message());
        String stepMessage = progress.detail(result.failedStep());
        endFailed(result.failedStep(), stepMessage != null ? stepMessage : result.message());
    }

    private void ended(Run ended, GatewayConnection connection, Exception failure) {
        ended.handOver.flush();
        run = null;
        String host = connection.settings().host();
        String sentence;
        if (failure instanceof GatewayException gatewayFailure) {
            log.error("The install on the gateway at {} stopped.", host, failure);
            sentence = gatewayFailure.getMessage();
            if (gatewayFailure.failure() == GatewayFailure.CONNECTION_LOST) {
                active.close();
            }
        } else if (failure instanceof IOException) {
            log.error("The trusted keys could not be read for the install on the gateway at {}.", host, failure);
            sentence = KEYS_UNREADABLE;
        } else {
            log.error("The install on the gateway at {} failed with an unexpected error.", host, failure);
            sentence = UNEXPECTED_FAILURE;
        }
        endFailedLogged(sentence);
    }

    private void endFinished(InstallResult result) {
        phase.set(Phase.FINISHED);
        headline.set(enrollment.current().map(e -> String.format(FINISHED_JOIN, site,
                e.join().enrollment().centralClusterName())).orElse(String.format(FINISHED, site)));
        String sent = result.artifactBytesSent() > 0
                ? String.format(BYTES_SENT, TransferText.size(result.artifactBytesSent())) : "";
        advice.set(String.format(FINISHED_ADVICE, progress.steps().size()) + sent);
        progress.runEnded();
    }

    /** Shows a failure that no event reported, and adds its sentence to the log. */
    private void endFailedLogged(String sentence) {
        progress.log(sentence);
        endFailed(null, sentence);
    }

    /**
     * Shows the failure: the failed step is marked, or the running one when the step is not known, and the
     * sentence is the page's error.
     */
    private void endFailed(String stepId, String sentence) {
        int failed = progress.markFailed(stepId, sentence);
        phase.set(Phase.FAILED);
        headline.set(FAILED);
        advice.set(failed > 0 ? String.format(FAILED_AT, failed, progress.steps().size(), progress.title(failed))
                : FAILED_ADVICE);
        error.set(sentence);
        progress.runEnded();
    }

    /** Names the step that started in the line under the headline. */
    private void stepStarted(int number) {
        if (number > 0 && phase.get() == Phase.RUNNING) {
            advice.set(String.format(STEP_RUNNING, number, progress.steps().size(), progress.title(number)));
        }
    }

    /** The name the site is installed as, which becomes the gateway's Kubernetes node name. */
    public StringProperty siteNameProperty() {
        return siteName;
    }

    /** True when an opened enrollment fixes the site's name and the run joins the site to head office. */
    public BooleanBinding enrolled() {
        return enrolled;
    }

    /** The line that names the enrolled site, or {@code null} without an enrollment. */
    public StringBinding enrolledSite() {
        return enrolledSite;
    }

    /** The sentence that explains what is wrong with the site's name, or {@code null}. */
    public ReadOnlyStringProperty siteNameErrorProperty() {
        return siteNameError.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** Returns the plan's steps in order, empty until the first run's plan is known. */
    public ObservableList<InstallStepItem> steps() {
        return progress.steps();
    }

    /** Returns the log, oldest line first. It keeps the latest 1,000 lines. */
    public ObservableList<String> logLines() {
        return progress.logLines();
    }

    /** The outcome or the activity in a few words, empty before the first run. */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** The line under the headline: the step running, or the next action. */
    public ReadOnlyStringProperty adviceProperty() {
        return advice.getReadOnlyProperty();
    }

    /** The sentence that explains why the run failed and what to do, or {@code null}. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The share of the plan done, from 0 to 1, or -1 while a run starts and the plan is not known yet. */
    public ReadOnlyDoubleProperty overallProgressProperty() {
        return progress.overallProperty();
    }

    /** The count of steps done, such as "3 of 8 steps done", or empty before the plan is known. */
    public ReadOnlyStringProperty stepsDoneProperty() {
        return progress.stepsDoneProperty();
    }

    /** The title of the step running, or empty. */
    public ReadOnlyStringProperty currentTitleProperty() {
        return progress.currentTitleProperty();
    }

    /** What the step running is doing, in the engine's words, or empty. */
    public ReadOnlyStringProperty activityProperty() {
        return progress.activityProperty();
    }

    /** The share of the running step done, from 0 to 1, or -1 when it cannot be measured. */
    public ReadOnlyDoubleProperty stepProgressProperty() {
        return progress.stepShareProperty();
    }

    /** The running step's progress in words, such as "412 MB of 1.2 GB · 38 MB/s · about 20 s left". */
    public ReadOnlyStringProperty stepProgressTextProperty() {
        return progress.stepTextProperty();
    }

    /** The sentence shown on the form when no verified bundle is chosen, or {@code null}. */
    public StringBinding bundleProblem() {
        return bundleProblem;
    }

    /** The line naming the chosen bundle and its K3s version, or {@code null} when none is chosen. */
    public StringBinding bundleDescription() {
        return bundleDescription;
    }

    private static String describe(VerifiedBundle bundle) {
        if (bundle == null) {
            return null;
        }
        BundleManifest manifest = bundle.verification().manifest();
        String k3s = manifest.version("k3s").map(version -> ", with K3s " + version).orElse("");
        return "The install uses the verified bundle " + manifest.name() + k3s + ".";
    }

    @Override
    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    /** True once every step is done. */
    @Override
    public ObservableBooleanValue canContinue() {
        return canContinue;
    }

    /** One run of the plan. Events from a run that is no longer the page's are dropped. */
    private static final class Run {
        private InstallEventHandOver handOver;
        private RunningTask<InstallResult> task;
    }
}
