package dev.outpost.ui.install;

import dev.outpost.engine.install.InstallEvent;
import dev.outpost.engine.install.Installer;
import dev.outpost.engine.install.StepInfo;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan's progress as the install page shows it, built from the engine's events: every step's state, the running
 * step's progress, the share of the plan done, and the log. It outlives a run, so a run after a failure or a cancel
 * starts from what the last one showed. Used on the FX thread.
 */
final class InstallProgress {

    /** The maximum number of lines in the log. Older lines are dropped first. */
    static final int LOG_LIMIT = 1000;

    static final String STEPS_DONE = "%d of %d steps done";

    /** The start of the ids of steps that send a bundle file, whose progress is in bytes. */
    private static final String TRANSFER_PREFIX = Installer.SEND_PREFIX;
    private static final String OUTPUT_INDENT = "    ";

    private final DateTimeFormatter logTime;
    private final ObservableList<InstallStepItem> steps = FXCollections.observableArrayList();
    private final ObservableList<InstallStepItem> stepsView = FXCollections.unmodifiableObservableList(steps);
    private final ObservableList<String> logLines = FXCollections.observableArrayList();
    private final ObservableList<String> logView = FXCollections.unmodifiableObservableList(logLines);
    private final ReadOnlyIntegerWrapper runningNumber = new ReadOnlyIntegerWrapper(this, "runningNumber");
    private final ReadOnlyDoubleWrapper overall = new ReadOnlyDoubleWrapper(this, "overall");
    private final ReadOnlyStringWrapper stepsDone = new ReadOnlyStringWrapper(this, "stepsDone", "");
    private final ReadOnlyStringWrapper currentTitle = new ReadOnlyStringWrapper(this, "currentTitle", "");
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper(this, "activity", "");
    private final ReadOnlyDoubleWrapper stepShare = new ReadOnlyDoubleWrapper(this, "stepShare");
    private final ReadOnlyStringWrapper stepText = new ReadOnlyStringWrapper(this, "stepText", "");

    private int runningIndex = -1;
    private double runningShare;
    private String lastStepMessage;

    /** @param zone the time zone of the log's times */
    InstallProgress(ZoneId zone) {
        logTime = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(zone);
    }

    /** Applies a batch of events in order, adding their lines to the log in one change. */
    void apply(List<InstallEvent> batch) {
        List<String> lines = new ArrayList<>();
        for (InstallEvent event : batch) {
            String line = apply(event);
            if (line != null) {
                lines.add(logTime.format(event.at()) + "  " + line);
            }
        }
        appendLog(lines);
        updateOverall(false);
    }

    /** Applies one event and returns the log line it makes, or {@code null}. */
    private String apply(InstallEvent event) {
        if (event instanceof InstallEvent.PlanReady plan) {
            planReady(plan.steps());
            return "The plan has " + plan.steps().size() + " steps.";
        }
        if (event instanceof InstallEvent.StepStarted started) {
            stepStarted(started);
            return started.message();
        }
        if (event instanceof InstallEvent.StepProgress progress) {
            stepProgressed(progress);
            return null;
        }
        if (event instanceof InstallEvent.StepOutput output) {
            return OUTPUT_INDENT + output.line();
        }
        if (event instanceof InstallEvent.StepFinished finished) {
            return stepFinished(finished);
        }
        InstallEvent.Finished finished = (InstallEvent.Finished) event;
        // A failed run usually ends with the failed step's own sentence, which the log has just shown.
        return finished.message() == null || finished.message().equals(lastStepMessage) ? null : finished.message();
    }

    private void planReady(List<StepInfo> plan) {
        List<InstallStepItem> items = new ArrayList<>();
        for (StepInfo step : plan) {
            items.add(new InstallStepItem(step.id(), step.title(), StepState.WAITING, null));
        }
        steps.setAll(items);
        lastStepMessage = null;
        setRunning(-1);
    }

    private void stepStarted(InstallEvent.StepStarted started) {
        int index = indexOf(started.stepId());
        if (index < 0) {
            return;
        }
        InstallStepItem step = steps.get(index);
        steps.set(index, step.with(StepState.RUNNING, null));
        setRunning(index);
        currentTitle.set(step.title());
        activity.set(started.message());
        stepShare.set(-1);
    }

    private void stepProgressed(InstallEvent.StepProgress progress) {
        if (runningIndex < 0 || !steps.get(runningIndex).id().equals(progress.stepId())) {
            return;
        }
        boolean measured = progress.total() > 0;
        runningShare = measured ? Math.min(1, (double) progress.done() / progress.total()) : 0;
        stepShare.set(measured ? runningShare : -1);
        stepText.set(progressText(progress));
    }

    /** Returns the progress line: a transfer in bytes and speed, another step in its own words or as a count. */
    private static String progressText(InstallEvent.StepProgress progress) {
        if (progress.stepId().startsWith(TRANSFER_PREFIX)) {
            return TransferText.of(progress.done(), progress.total(), progress.perSecond(), progress.remaining());
        }
        if (progress.message() != null && !progress.message().isBlank()) {
            return progress.message();
        }
        return progress.total() > 0 ? progress.done() + " of " + progress.total() : "";
    }

    private String stepFinished(InstallEvent.StepFinished finished) {
        int index = indexOf(finished.stepId());
        if (index < 0) {
            return finished.message();
        }
        InstallStepItem step = steps.get(index);
        StepState state = StepState.of(finished.outcome());
        steps.set(index, step.with(state, finished.message()));
        lastStepMessage = finished.message();
        if (index == runningIndex) {
            setRunning(-1);
        }
        if (finished.message() == null || finished.message().isBlank()) {
            return step.title() + ": " + state.label().toLowerCase(Locale.ROOT) + ".";
        }
        return step.title() + (state == StepState.FAILED ? " failed: " : ": ") + finished.message();
    }

    /**
     * Prepares for a new run: every step not done goes back to waiting, and the share of the plan shows as not
     * known until the run's plan arrives, unless the last run's plan is shown.
     */
    void runStarting(String site) {
        for (int i = 0; i < steps.size(); i++) {
            InstallStepItem step = steps.get(i);
            if (!step.state().isComplete()) {
                steps.set(i, step.with(StepState.WAITING, null));
            }
        }
        setRunning(-1);
        updateOverall(true);
        log("Installing K3s on the site " + site + ".");
    }

    /**
     * Ends the running step, if any, in the state, for a run that ended without saying so, such as a cancelled
     * one, and adds a line to the log.
     *
     * @return the step's number from 1, or 0 when no step was running
     */
    int endRunningStep(StepState state, String detail) {
        int index = runningIndex;
        if (index < 0) {
            return 0;
        }
        InstallStepItem step = steps.get(index);
        steps.set(index, step.with(state, detail));
        log(step.title() + ": " + state.label().toLowerCase(Locale.ROOT) + ".");
        return index + 1;
    }

    /**
     * Marks the step failed with the sentence, or the running step when the id is {@code null}.
     *
     * @return the step's number from 1, or 0 when there is no such step
     */
    int markFailed(String stepId, String sentence) {
        int index = stepId != null ? indexOf(stepId) : runningIndex;
        if (index < 0) {
            return 0;
        }
        steps.set(index, steps.get(index).with(StepState.FAILED, sentence));
        return index + 1;
    }

    /** Clears the running step's progress once the run has ended. */
    void runEnded() {
        setRunning(-1);
        updateOverall(false);
    }

    /** Returns the last message of the step, or {@code null} when it has none or is not in the plan. */
    String detail(String stepId) {
        int index = indexOf(stepId);
        return index < 0 ? null : steps.get(index).detail();
    }

    /** Returns the title of the step with the number from 1. */
    String title(int number) {
        return steps.get(number - 1).title();
    }

    /** Adds a line with the present time to the log. */
    void log(String line) {
        appendLog(List.of(logTime.format(Instant.now()) + "  " + line));
    }

    private void setRunning(int index) {
        runningIndex = index;
        runningNumber.set(index + 1);
        runningShare = 0;
        if (index < 0) {
            currentTitle.set("");
            activity.set("");
            stepShare.set(0);
        }
        stepText.set("");
    }

    /** Updates the share of the plan done; {@code starting} shows it as not known while no plan is shown. */
    private void updateOverall(boolean starting) {
        if (steps.isEmpty()) {
            overall.set(starting ? -1 : 0);
            stepsDone.set("");
            return;
        }
        long complete = steps.stream().filter(step -> step.state().isComplete()).count();
        double running = runningIndex >= 0 ? runningShare : 0;
        overall.set((complete + running) / steps.size());
        stepsDone.set(String.format(STEPS_DONE, complete, steps.size()));
    }

    private int indexOf(String stepId) {
        if (stepId == null) {
            return -1;
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }

    /** Adds the lines, then drops the oldest beyond {@link #LOG_LIMIT}, in two list changes at most. */
    private void appendLog(List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        List<String> added = lines.size() > LOG_LIMIT ? lines.subList(lines.size() - LOG_LIMIT, lines.size()) : lines;
        logLines.addAll(added);
        int excess = logLines.size() - LOG_LIMIT;
        if (excess > 0) {
            logLines.remove(0, excess);
        }
    }

    /** Returns the plan's steps in order, empty until the first run's plan is known. */
    ObservableList<InstallStepItem> steps() {
        return stepsView;
    }

    /** Returns the log, oldest line first, with at most {@link #LOG_LIMIT} lines. */
    ObservableList<String> logLines() {
        return logView;
    }

    /** The number from 1 of the step running, or 0. */
    ReadOnlyIntegerProperty runningNumberProperty() {
        return runningNumber.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty overallProperty() {
        return overall.getReadOnlyProperty();
    }

    ReadOnlyStringProperty stepsDoneProperty() {
        return stepsDone.getReadOnlyProperty();
    }

    ReadOnlyStringProperty currentTitleProperty() {
        return currentTitle.getReadOnlyProperty();
    }

    ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty stepShareProperty() {
        return stepShare.getReadOnlyProperty();
    }

    ReadOnlyStringProperty stepTextProperty() {
        return stepText.getReadOnlyProperty();
    }
}
