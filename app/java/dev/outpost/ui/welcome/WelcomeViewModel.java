package dev.outpost.ui.welcome;

import dev.outpost.engine.bundle.BundleException;
import dev.outpost.engine.bundle.BundleProgress;
import dev.outpost.engine.bundle.BundleVerification;
import dev.outpost.ui.common.BackgroundTasks;
import dev.outpost.ui.common.BundleChecks;
import dev.outpost.ui.common.ChosenBundle;
import dev.outpost.ui.common.PageModel;
import dev.outpost.ui.common.ProgressHandOver;
import dev.outpost.ui.common.RunningTask;
import dev.outpost.ui.common.VerifiedBundle;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The first page: what Outpost does, the steps ahead, and the offline bundle to install from. The person may choose
 * a bundle here, and it is verified off the FX thread against the trusted keys. A bundle is optional for now, so
 * Next stays enabled whether or not one is chosen, and is disabled only while a bundle is being checked. Every
 * method is called on the FX thread.
 */
public final class WelcomeViewModel implements PageModel {

    /** One step of the whole visit, as the welcome page lists it. */
    public record Step(String name, String description) {
    }

    /** The state of the bundle choice. */
    public enum BundleState {
        /** No bundle is chosen, or the check was cancelled. */
        NONE,
        /** A bundle is being verified. */
        VERIFYING,
        /** The chosen bundle passed verification. */
        VERIFIED,
        /** The chosen bundle failed verification or could not be read. */
        FAILED
    }

    private static final String TITLE = "Set up this site's gateway";
    private static final String INTRODUCTION = "Outpost prepares the small Linux computer at this site, the gateway,"
            + " so that it runs the company's services and stays connected to head office. It guides you through"
            + " each step and tells you what to do if something needs fixing. You do not need to know Kubernetes.";
    private static final List<Step> STEPS = List.of(
            new Step("Connect", "Reach the gateway over the network cable, with the login head office gave you."),
            new Step("Check", "Make sure the gateway is ready, and see how to fix anything that is not."),
            new Step("Instruments", "See which instruments are plugged into the gateway's and this laptop's"
                    + " serial ports, and what they are."),
            new Step("Enroll", "Open the site's enrollment file from head office, with its passphrase."),
            new Step("Install", "Copy the site software from this laptop to the gateway and join the site to head"
                    + " office. No internet is needed."),
            new Step("Verify", "See that the site's mesh is healthy and linked to head office."));
    private static final String START_HINT = "Have the gateway switched on and connected to this laptop, then"
            + " choose Next.";
    static final String NO_BUNDLE = "No bundle is chosen. The checks work without one, but the install step will"
            + " need the offline bundle head office sent you.";
    static final String CANCELLED = "Checking the bundle was cancelled, so no bundle is chosen. Choose it again"
            + " when you are ready.";
    static final String FAILED = "No verified bundle is chosen. Fix the problem below or choose another bundle.";
    static final String DROP_ONE = "Drop one bundle at a time: a .tar or .tar.zst file, or a folder.";
    private static final String PERCENT_FORMAT = "%.0f%% checked";

    private static final Logger log = LoggerFactory.getLogger(WelcomeViewModel.class);

    private final BundleChecks checks;
    private final BackgroundTasks tasks;
    private final ChosenBundle chosen;
    private final ZoneId zone;
    private final LongSupplier nanoTime;
    private final ReadOnlyBooleanWrapper canContinue = new ReadOnlyBooleanWrapper(this, "canContinue", true);
    private final ReadOnlyObjectWrapper<BundleState> state = new ReadOnlyObjectWrapper<>(this, "state",
            BundleState.NONE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", NO_BUNDLE);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyObjectWrapper<BundleSummary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private Verification current;

    /**
     * @param checks  verifies bundles against the trusted keys
     * @param tasks   runs the verification off the FX thread
     * @param chosen  receives the verified bundle, for the later pages
     * @param zone    the time zone to show the bundle's creation time in
     */
    public WelcomeViewModel(BundleChecks checks, BackgroundTasks tasks, ChosenBundle chosen, ZoneId zone) {
        this(checks, tasks, chosen, zone, System::nanoTime);
    }

    WelcomeViewModel(BundleChecks checks, BackgroundTasks tasks, ChosenBundle chosen, ZoneId zone,
            LongSupplier nanoTime) {
        this.checks = checks;
        this.tasks = tasks;
        this.chosen = chosen;
        this.zone = zone;
        this.nanoTime = nanoTime;
    }

    public String title() {
        return TITLE;
    }

    public String introduction() {
        return INTRODUCTION;
    }

    public List<Step> steps() {
        return STEPS;
    }

    public String startHint() {
        return START_HINT;
    }

    /**
     * Verifies the bundle and, when it passes, makes it the chosen one. Any check still running is cancelled, and
     * the bundle chosen before is forgotten at once, so no page reads it while the new one is checked.
     */
    public void choose(Path bundle) {
        cancelRunning();
        chosen.clear();
        summary.set(null);
        problem.set("");
        progress.set(-1);
        progressText.set("Checking the signature");
        status.set("Checking the bundle " + fileName(bundle) + ": its signature, then every file in it. A large"
                + " bundle takes a few minutes.");
        state.set(BundleState.VERIFYING);
        log.info("Checking the bundle {} chosen in the wizard.", bundle);

        Verification verification = new Verification(bundle);
        current = verification;
        ProgressHandOver<BundleProgress> handOver = new ProgressHandOver<>(tasks.fxThread(),
                p -> showProgress(verification, p), nanoTime);
        verification.task = tasks.run(() -> checks.verify(bundle, p -> {
            if (verification.cancelled.get()) {
                throw new CancellationException("The bundle check was cancelled.");
            }
            handOver.report(p);
        }), result -> verified(verification, result), failure -> failed(verification, failure));
    }

    /**
     * Takes the files dropped on the page. Exactly one file or folder is accepted and verified.
     *
     * @return whether the drop was taken
     */
    public boolean drop(List<Path> dropped) {
        Optional<Path> bundle = droppedBundle(dropped);
        if (bundle.isEmpty()) {
            problem.set(DROP_ONE);
            return false;
        }
        choose(bundle.get());
        return true;
    }

    /**
     * Returns the bundle in a drop, or nothing when the drop contains more than one path or none. A name that ends
     * in neither {@code .tar} nor {@code .tar.zst} is taken as a folder bundle, and the verifier reports it when it
     * is not one, so this needs no file system access.
     */
    public static Optional<Path> droppedBundle(List<Path> dropped) {
        return dropped.size() == 1 ? Optional.of(dropped.get(0)) : Optional.empty();
    }

    /** Returns whether a drop is one {@code .pub} file, which the page offers to add as a trusted key instead. */
    public static boolean isKeyFile(List<Path> dropped) {
        if (dropped.size() != 1 || dropped.get(0).getFileName() == null) {
            return false;
        }
        return dropped.get(0).getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pub");
    }

    /** Stops the running check, if any; nothing is chosen afterwards. */
    public void cancel() {
        if (!cancelRunning()) {
            return;
        }
        log.info("The bundle check was cancelled in the wizard.");
        progress.set(0);
        progressText.set("");
        status.set(CANCELLED);
        state.set(BundleState.NONE);
    }

    /** Stops the running check when the window closes. */
    public void stop() {
        cancelRunning();
    }

    private boolean cancelRunning() {
        Verification running = current;
        current = null;
        if (running == null || running.task == null || running.task.isEnded()) {
            return false;
        }
        running.cancelled.set(true);
        running.task.cancel(late -> { });
        return true;
    }

    private void showProgress(Verification verification, BundleProgress report) {
        if (verification != current) {
            return;
        }
        progress.set(report.fraction());
        progressText.set(String.format(Locale.ROOT, PERCENT_FORMAT, 100 * report.fraction()));
    }

    private void verified(Verification verification, BundleVerification result) {
        if (verification != current) {
            return;
        }
        current = null;
        VerifiedBundle bundle = new VerifiedBundle(verification.bundle, result);
        chosen.choose(bundle);
        summary.set(BundleSummary.of(bundle, zone));
        progress.set(1);
        progressText.set(String.format(Locale.ROOT, PERCENT_FORMAT, 100.0));
        status.set("Verified bundle chosen: " + result.manifest().name() + ". Its signature and every file in it"
                + " are intact.");
        state.set(BundleState.VERIFIED);
    }

    private void failed(Verification verification, Exception failure) {
        if (verification != current) {
            return;
        }
        current = null;
        Path bundle = verification.bundle;
        if (failure instanceof BundleException e) {
            log.warn("The bundle {} chosen in the wizard failed verification.", bundle, e);
            problem.set(e.getMessage());
        } else if (failure instanceof IOException e) {
            log.warn("The bundle {} chosen in the wizard could not be read.", bundle, e);
            problem.set("The bundle " + bundle + " could not be read (" + e.getMessage() + "). Copy it to this"
                    + " laptop's disk and choose it again.");
        } else {
            log.error("Checking the bundle {} failed unexpectedly.", bundle, failure);
            problem.set("Checking the bundle " + bundle + " failed unexpectedly (" + failure + "). Choose it again,"
                    + " and if that fails too, send the log to head office.");
        }
        progress.set(0);
        progressText.set("");
        status.set(FAILED);
        state.set(BundleState.FAILED);
    }

    private static String fileName(Path bundle) {
        Path name = bundle.getFileName();
        return name == null ? bundle.toString() : name.toString();
    }

    public ReadOnlyObjectProperty<BundleState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** One sentence on whether a verified bundle is chosen, and what to do next. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last bundle or drop was not taken, naming the file; empty when there is no problem. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The share of the bundle checked, from 0 to 1, or -1 while the signature is checked and no share is known. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The verified bundle's details, or {@code null} when none is chosen. */
    public ReadOnlyObjectProperty<BundleSummary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** True while a bundle is being checked, so the wizard disables Next until the check ends or is cancelled. */
    @Override
    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    @Override
    public ObservableBooleanValue canContinue() {
        return canContinue.getReadOnlyProperty();
    }

    /** One verification: its bundle, its task, and the flag its progress listener checks to stop the engine. */
    private static final class Verification {

        private final Path bundle;
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private RunningTask<BundleVerification> task;

        Verification(Path bundle) {
            this.bundle = bundle;
        }
    }
}
