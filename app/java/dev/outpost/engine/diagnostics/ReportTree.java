package dev.outpost.engine.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outpost.engine.checks.CheckResult;
import dev.outpost.engine.facts.GatewayFacts;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@code report.json} from what was collected, before redaction: the summary, the picture of the site, the
 * problems with errors first, the timeline, every check, and what was collected. The format is described in
 * {@code docs/diagnostics-format.md}; a change that removes or renames a field raises {@link #SCHEMA_VERSION}.
 */
final class ReportTree {

    public static final int SCHEMA_VERSION = 1;
    public static final String KIND = "outpost.diagnostics";

    /** The states the picture and the summary use. */
    static final String OK = "ok";
    static final String ATTENTION = "attention";
    static final String FAILED = "failed";
    static final String UNKNOWN = "unknown";

    private final DiagnosticsExport.Collected collected;
    private final DiagnosticsRequest request;
    private final Instant createdAt;
    private final String outpostVersion;

    ReportTree(DiagnosticsExport.Collected collected, DiagnosticsRequest request, Instant createdAt,
            String outpostVersion) {
        this.collected = collected;
        this.request = request;
        this.createdAt = createdAt;
        this.outpostVersion = outpostVersion;
    }

    ObjectNode build() {
        ObjectNode root = collected.mapper.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("kind", KIND);
        root.put("createdAt", createdAt.toString());
        root.put("outpostVersion", outpostVersion);
        ObjectNode summary = root.putObject("summary");
        site(root.putObject("site"));
        ArrayNode problems = root.putArray("problems");
        problems(problems);
        picture(root.putObject("picture"), problems);
        timeline(root.putObject("timeline"));
        checks(root.putArray("checks"));
        collection(root.putArray("collection"));
        root.set("instruments", collected.entries.stream().filter(e -> e.name.equals("instruments.json"))
                .map(e -> (JsonNode) e.json.deepCopy()).findFirst().orElse(null));
        summarise(summary, problems);
        return root;
    }

    private void summarise(ObjectNode summary, ArrayNode problems) {
        long errors = count(problems, "error");
        long warnings = count(problems, "warning");
        String state = errors > 0 ? FAILED : warnings > 0 ? ATTENTION : !collected.gatewayReachable
                && collected.facts == null ? UNKNOWN : OK;
        summary.put("state", state);
        summary.put("errors", errors);
        summary.put("warnings", warnings);
        String headline = switch (state) {
            case FAILED -> problems.get(0).path("title").asText();
            case ATTENTION -> warnings + " warning(s) need attention; the site can still work.";
            case UNKNOWN -> "The gateway could not be reached, so this export holds what the laptop knows.";
            default -> "No problem was found.";
        };
        summary.put("headline", headline);
    }

    private static long count(ArrayNode problems, String severity) {
        long count = 0;
        for (JsonNode problem : problems) {
            count += severity.equals(problem.path("severity").asText()) ? 1 : 0;
        }
        return count;
    }

    private void site(ObjectNode site) {
        GatewayFacts facts = collected.facts == null ? null : collected.facts.facts();
        String siteId = collected.enrollment != null ? collected.enrollment.siteId() : siteFromCluster();
        site.put("siteId", siteId);
        site.put("displayName", collected.enrollment == null ? null : collected.enrollment.displayName());
        site.put("gatewayAddress", request.gatewayHost() != null ? request.gatewayHost()
                : collected.facts == null ? null : collected.facts.host());
        site.put("gatewayHostName", facts == null ? null : facts.hostname());
        site.put("operatingSystem", facts == null || facts.os() == null ? null : facts.os().prettyName());
        site.put("kernel", facts == null ? null : facts.kernelRelease());
        site.put("architecture", facts == null ? null : facts.machine());
        site.put("centralCluster", collected.enrollment == null ? null : collected.enrollment.centralClusterName());
        site.put("gatewayReachable", collected.gatewayReachable);
        site.put("gatewayNotReachableBecause", collected.gatewayReachable ? null : collected.gatewayAway);
    }

    private String siteFromCluster() {
        if (collected.cluster == null) {
            return null;
        }
        for (JsonNode map : collected.cluster.path("namespaces").path("outpost").path("configMaps")) {
            JsonNode id = map.path("data").path("site");
            if (!id.isMissingNode()) {
                return id.asText();
            }
        }
        JsonNode nodes = collected.cluster.path("nodes");
        return nodes.size() == 1 ? nodes.get(0).path("name").asText() : null;
    }

    private void problems(ArrayNode problems) {
        Timeline.Step failed = collected.timeline.failedStep();
        if (failed != null) {
            NextAction action = NextAction.of(failed.message());
            problems.addObject().put("severity", "error").put("source", "install")
                    .put("title", "The install stopped at the step \"" + failed.title() + "\".")
                    .put("step", failed.id()).put("what", action.what()).put("fix", action.fix());
        }
        List<CheckResult> results = collected.facts == null ? List.of() : collected.facts.results();
        for (CheckResult result : sorted(results)) {
            if (result.mark() == CheckResult.Mark.FAIL || result.mark() == CheckResult.Mark.WARNING) {
                problems.addObject().put("severity", result.mark() == CheckResult.Mark.FAIL ? "error" : "warning")
                        .put("source", "check").put("title", result.title() + ": no.")
                        .put("check", result.id()).put("what", result.explanation()).put("fix", result.fix());
            }
        }
        if (!collected.gatewayReachable) {
            problems.addObject().put("severity", "warning").put("source", "collection")
                    .put("title", "The gateway could not be reached for this export.")
                    .put("what", collected.gatewayAway)
                    .put("fix", "Check the cable and that the gateway is on, then save the diagnostics again while"
                            + " connected. Send this file anyway: it holds what the laptop knows.");
        }
    }

    private static List<CheckResult> sorted(List<CheckResult> results) {
        return results.stream().sorted(Comparator.comparingInt(r -> switch (r.mark()) {
            case FAIL -> 0;
            case WARNING -> 1;
            case INFO -> 2;
            case PASS -> 3;
        })).toList();
    }

    private void picture(ObjectNode picture, ArrayNode problems) {
        picture.putObject("laptop").put("state", OK).put("detail", "Outpost " + outpostVersion);
        String gatewayState;
        String gatewayDetail;
        if (!collected.gatewayReachable && collected.facts == null) {
            gatewayState = UNKNOWN;
            gatewayDetail = "Not reachable";
        } else if (count(problems, "error") > 0) {
            gatewayState = FAILED;
            gatewayDetail = collected.timeline.failedStep() != null ? "Install failed" : "Check failed";
        } else if (count(problems, "warning") > 0) {
            gatewayState = ATTENTION;
            gatewayDetail = "Needs attention";
        } else {
            gatewayState = OK;
            gatewayDetail = collected.timeline.succeeded() == Boolean.TRUE ? "Installed" : "Ready";
        }
        picture.putObject("gateway").put("state", gatewayState).put("detail", gatewayDetail)
                .put("name", collected.facts == null ? request.gatewayHost() : collected.facts.facts().hostname());
        picture.putObject("instruments").put("state", UNKNOWN).put("detail", "Not detected yet");
        ObjectNode office = picture.putObject("headOffice");
        JsonNode links = collected.cluster == null ? null : collected.cluster.path("links");
        if (links == null) {
            office.put("state", UNKNOWN).put("detail", collected.enrollment == null ? "Unknown"
                    : "Enrolled with " + collected.enrollment.centralClusterName());
        } else if (links.isEmpty()) {
            office.put("state", UNKNOWN).put("detail", "Not linked yet");
        } else {
            office.put("state", OK).put("detail", "Linked to " + links.get(0).asText());
        }
    }

    private void timeline(ObjectNode timeline) {
        Timeline run = collected.timeline;
        timeline.put("startedAt", run.startedAt() == null ? null : run.startedAt().toString());
        timeline.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        if (run.succeeded() == null) {
            timeline.putNull("succeeded");
        } else {
            timeline.put("succeeded", run.succeeded());
        }
        timeline.put("message", run.message());
        ArrayNode steps = timeline.putArray("steps");
        for (Timeline.Step step : run.steps()) {
            ObjectNode entry = steps.addObject();
            entry.put("id", step.id());
            entry.put("title", step.title());
            entry.put("startedAt", step.startedAt() == null ? null : step.startedAt().toString());
            if (step.duration() == null) {
                entry.putNull("durationMillis");
            } else {
                entry.put("durationMillis", step.duration().toMillis());
            }
            entry.put("outcome", step.outcome());
            entry.put("message", step.message());
            ArrayNode output = entry.putArray("lastOutput");
            step.output().forEach(output::add);
        }
    }

    private void checks(ArrayNode checks) {
        List<CheckResult> results = collected.facts == null ? List.of() : collected.facts.results();
        for (CheckResult result : sorted(results)) {
            checks.addObject().put("id", result.id()).put("mark", lower(result.mark()))
                    .put("severity", lower(result.severity())).put("status", lower(result.status()))
                    .put("title", result.title()).put("explanation", result.explanation()).put("fix", result.fix())
                    .put("observed", result.observed());
        }
    }

    private void collection(ArrayNode out) {
        for (DiagnosticsExport.Collected.Item item : collected.items) {
            out.addObject().put("item", item.item()).put("entry", item.entry()).put("collected", item.collected())
                    .put("truncated", item.truncated()).put("note", item.note());
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
