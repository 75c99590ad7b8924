package dev.outpost.cli;

import dev.outpost.engine.install.InstallEvent;
import dev.outpost.engine.install.InstallEventJson;
import dev.outpost.engine.install.InstallListener;
import dev.outpost.engine.install.Sizes;
import dev.outpost.engine.install.StepInfo;
import dev.outpost.engine.install.StepOutcome;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints install events on standard output: as one JSON object per line, or as text a person follows, with
 * progress at most every few seconds so a log file stays short.
 */
final class InstallEventPrinter implements InstallListener {

    private static final long TEXT_PROGRESS_NANOS = 3_000_000_000L;

    private final PrintWriter out;
    private final boolean json;
    private final String doneWord;
    private final String notDoneWord;
    private final InstallEventJson lines = new InstallEventJson();
    private final Map<String, String> titles = new HashMap<>();
    private List<StepInfo> plan = List.of();
    private long lastProgress;
    /** The last waiting message printed; the same message is not printed again. */
    private String lastLine = "";

    /**
     * @param doneWord    how the text form begins its last line after success, such as "Installed."
     * @param notDoneWord how it begins it after a failure, such as "Not installed."
     */
    InstallEventPrinter(PrintWriter out, boolean json, String doneWord, String notDoneWord) {
        this.out = out;
        this.json = json;
        this.doneWord = doneWord;
        this.notDoneWord = notDoneWord;
    }

    @Override
    public void onEvent(InstallEvent event) {
        if (json) {
            out.println(lines.line(event));
        } else {
            printText(event);
        }
        out.flush();
    }

    private void printText(InstallEvent event) {
        if (event instanceof InstallEvent.PlanReady ready) {
            plan = ready.steps();
            plan.forEach(s -> titles.put(s.id(), s.title()));
        } else if (event instanceof InstallEvent.StepStarted started) {
            String title = title(started.stepId());
            boolean repeats = started.message().equals(title + ".");
            out.println("[" + position(started.stepId()) + "] " + title + (repeats ? "" : ": " + started.message()));
        } else if (event instanceof InstallEvent.StepProgress progress) {
            long now = System.nanoTime();
            String line = describe(progress);
            boolean changed = progress.total() > 0 || !line.equals(lastLine);
            if (changed && now - lastProgress >= TEXT_PROGRESS_NANOS) {
                lastProgress = now;
                lastLine = line;
                out.println("      " + line);
            }
        } else if (event instanceof InstallEvent.StepOutput output) {
            out.println("      " + output.line());
        } else if (event instanceof InstallEvent.StepFinished finished) {
            String word = word(finished.outcome());
            boolean repeats = finished.message().startsWith(word);
            out.println("      " + (repeats ? finished.message() : word + ": " + finished.message()));
        } else if (event instanceof InstallEvent.Finished finished) {
            out.println((finished.succeeded() ? doneWord + " " + finished.message() : notDoneWord)
                    + (finished.artifactBytesSent() > 0 || doneWord.startsWith("Installed")
                    ? " Bundle bytes sent in this run: " + Sizes.of(finished.artifactBytesSent()) + "." : ""));
        }
    }

    /** Reports a run that ended before its plan, such as one that could not connect, as a failed result. */
    void failed(String message) {
        if (json) {
            onEvent(new InstallEvent.Finished(java.time.Instant.now(), false, message, 0));
        }
    }

    /** Progress as a person reads it: bytes, rate and time left for transfers, else the message. */
    static String describe(InstallEvent.StepProgress progress) {
        if (progress.total() <= 0) {
            return progress.message();
        }
        StringBuilder text = new StringBuilder(Sizes.of(progress.done()) + " of " + Sizes.of(progress.total()));
        if (progress.perSecond() > 0) {
            text.append(" · ").append(Sizes.of((long) progress.perSecond())).append("/s");
        }
        Duration left = progress.remaining();
        if (left != null) {
            text.append(" · about ").append(left.toMinutes() >= 1 ? left.toMinutes() + " min"
                    : Math.max(1, left.toSeconds()) + " s").append(" left");
        }
        return text.toString();
    }

    private String position(String stepId) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).id().equals(stepId)) {
                return (i + 1) + "/" + plan.size();
            }
        }
        return "?/" + plan.size();
    }

    private String title(String stepId) {
        return titles.getOrDefault(stepId, stepId);
    }

    private static String word(StepOutcome outcome) {
        return switch (outcome) {
            case DONE -> "Done";
            case ALREADY_DONE -> "Already done";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
        };
    }
}
