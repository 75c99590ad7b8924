package dev.outpost.engine.diagnostics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of the latest install run with their durations, read from the run's record on the laptop (one JSON
 * event per line, as {@code docs/install-json.md} describes). A line that is not such an event is skipped.
 *
 * @param startedAt  when the run's plan was known, or {@code null} when the record is empty
 * @param finishedAt when the run ended, or {@code null} when the record stops before the end
 * @param succeeded  whether the run ended successfully; {@code null} when it did not end
 * @param message    the run's outcome, or {@code null}
 * @param steps      every planned step in order, with what happened to it
 */
record Timeline(Instant startedAt, Instant finishedAt, Boolean succeeded, String message, List<Step> steps) {

    /** The maximum number of output lines kept per step, the last ones. The run record contains them all. */
    static final int OUTPUT_LINES_PER_STEP = 20;

    /**
     * One step.
     *
     * @param outcome {@code done}, {@code alreadyDone}, {@code failed}, {@code cancelled}, {@code running} when it
     *                started and never finished, or {@code notReached}
     */
    record Step(String id, String title, Instant startedAt, Duration duration, String outcome, String message,
            List<String> output) {
    }

    static Timeline empty() {
        return new Timeline(null, null, null, null, List.of());
    }

    /** Returns the step that failed, if any. */
    Step failedStep() {
        return steps.stream().filter(s -> "failed".equals(s.outcome())).findFirst().orElse(null);
    }

    static Timeline parse(String jsonLines) {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, String> titles = new LinkedHashMap<>();
        Map<String, Instant> started = new LinkedHashMap<>();
        Map<String, Instant> finished = new LinkedHashMap<>();
        Map<String, String> outcomes = new LinkedHashMap<>();
        Map<String, String> messages = new LinkedHashMap<>();
        Map<String, List<String>> output = new LinkedHashMap<>();
        Instant runStarted = null;
        Instant runFinished = null;
        Boolean succeeded = null;
        String runMessage = null;
        for (String line : jsonLines.split("\n")) {
            JsonNode event;
            try {
                event = line.isBlank() ? null : mapper.readTree(line);
            } catch (JsonProcessingException e) {
                continue;
            }
            if (event == null || !event.isObject()) {
                continue;
            }
            Instant at = instant(event.path("at").asText());
            String step = event.path("step").asText(null);
            switch (event.path("event").asText()) {
                case "plan" -> {
                    runStarted = at;
                    for (JsonNode planned : event.path("steps")) {
                        titles.put(planned.path("id").asText(), planned.path("title").asText());
                    }
                }
                case "stepStarted" -> {
                    titles.putIfAbsent(step, step);
                    started.put(step, at);
                    messages.put(step, event.path("message").asText(null));
                }
                case "output" -> {
                    List<String> lines = output.computeIfAbsent(step, s -> new ArrayList<>());
                    lines.add(event.path("line").asText(""));
                    if (lines.size() > OUTPUT_LINES_PER_STEP) {
                        lines.remove(0);
                    }
                }
                case "stepFinished" -> {
                    titles.putIfAbsent(step, step);
                    finished.put(step, at);
                    outcomes.put(step, event.path("outcome").asText());
                    messages.put(step, event.path("message").asText(null));
                }
                case "result" -> {
                    runFinished = at;
                    succeeded = event.path("succeeded").asBoolean();
                    runMessage = event.path("message").asText(null);
                }
                default -> {
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        for (Map.Entry<String, String> entry : titles.entrySet()) {
            String id = entry.getKey();
            Instant from = started.get(id);
            Instant to = finished.get(id);
            String outcome = outcomes.getOrDefault(id, from == null ? "notReached" : "running");
            Duration duration = from != null && to != null ? Duration.between(from, to) : null;
            steps.add(new Step(id, entry.getValue(), from, duration, outcome, messages.get(id),
                    List.copyOf(output.getOrDefault(id, List.of()))));
        }
        return new Timeline(runStarted, runFinished, succeeded, runMessage, steps);
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
