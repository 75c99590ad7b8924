package dev.outpost.engine.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes install events as one JSON object per line, for {@code outpost install --json} and the diagnostics. The
 * format is described in {@code docs/install-json.md}.
 */
public final class InstallEventJson {

    /** The event format this Outpost writes. */
    public static final int SCHEMA_VERSION = 1;

    private final ObjectMapper mapper = new ObjectMapper();

    /** Returns the event as one line of JSON, without the line end. */
    public String line(InstallEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("schemaVersion", SCHEMA_VERSION);
        node.put("at", event.at().toString());
        if (event instanceof InstallEvent.PlanReady plan) {
            node.put("event", "plan");
            ArrayNode steps = node.putArray("steps");
            plan.steps().forEach(s -> steps.addObject().put("id", s.id()).put("title", s.title()));
        } else if (event instanceof InstallEvent.StepStarted started) {
            node.put("event", "stepStarted");
            node.put("step", started.stepId());
            node.put("message", started.message());
        } else if (event instanceof InstallEvent.StepProgress progress) {
            node.put("event", "progress");
            node.put("step", progress.stepId());
            node.put("done", progress.done());
            node.put("total", progress.total());
            node.put("perSecond", Math.round(progress.perSecond()));
            if (progress.remaining() != null) {
                node.put("remainingSeconds", progress.remaining().toSeconds());
            }
            node.put("message", progress.message());
        } else if (event instanceof InstallEvent.StepOutput output) {
            node.put("event", "output");
            node.put("step", output.stepId());
            node.put("line", output.line());
        } else if (event instanceof InstallEvent.StepFinished finished) {
            node.put("event", "stepFinished");
            node.put("step", finished.stepId());
            node.put("outcome", outcome(finished.outcome()));
            node.put("message", finished.message());
        } else if (event instanceof InstallEvent.Finished result) {
            node.put("event", "result");
            node.put("succeeded", result.succeeded());
            node.put("message", result.message());
            node.put("artifactBytesSent", result.artifactBytesSent());
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An install event could not be written as JSON.", e);
        }
    }

    /** The outcome's name in the JSON form: {@code done}, {@code alreadyDone}, {@code failed}, {@code cancelled}. */
    static String outcome(StepOutcome outcome) {
        return switch (outcome) {
            case DONE -> "done";
            case ALREADY_DONE -> "alreadyDone";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }
}
