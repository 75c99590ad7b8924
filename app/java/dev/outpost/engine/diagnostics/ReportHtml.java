package dev.outpost.engine.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * Renders {@code report.html} from the redacted {@code report.json}: one self-contained page with inline CSS and an
 * inline SVG picture of the site, no script and nothing fetched, so it opens offline in any browser. What went
 * wrong comes first, with what to do; then the picture, the timeline, every check and what was collected.
 */
final class ReportHtml {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;
             color:#1f2933;background:#f5f7fa;line-height:1.45}
            main{max-width:980px;margin:0 auto;padding:24px 28px 48px}
            header{background:#243b53;color:#fff;padding:18px 28px}
            header h1{margin:0;font-size:22px;font-weight:600}
            header p{margin:4px 0 0;color:#d9e2ec;font-size:14px}
            h2{font-size:18px;margin:28px 0 10px;color:#243b53}
            section.card{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:16px 20px}
            .problem{border-left:6px solid #cf1124;background:#fff;border-radius:6px;padding:12px 16px;
             margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.06)}
            .problem.warning{border-left-color:#de911d}
            .problem h3{margin:0 0 6px;font-size:16px}
            .problem .fix{background:#f0f4f8;border-radius:4px;padding:8px 10px;margin-top:8px}
            .problem .fix b{color:#243b53}
            .ok-banner{border-left:6px solid #2f8132;background:#fff;border-radius:6px;padding:12px 16px}
            table{border-collapse:collapse;width:100%;font-size:14px;background:#fff}
            th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
            th{background:#f0f4f8;font-weight:600}
            .mark{display:inline-block;min-width:64px;text-align:center;border-radius:10px;padding:1px 8px;
             font-size:12px;font-weight:600;color:#fff}
            .m-fail,.m-failed,.m-error{background:#cf1124}.m-warning,.m-attention,.m-running{background:#de911d}
            .m-pass,.m-done,.m-ok{background:#2f8132}.m-alreadydone{background:#57ae5b}
            td.time{white-space:nowrap}
            .m-info,.m-unknown,.m-notreached,.m-cancelled{background:#829ab1}
            .bar{height:10px;background:#9fb3c8;border-radius:3px;min-width:2px}
            .bar.failed{background:#cf1124}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
            dt{color:#52606d}dd{margin:0}
            code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
            pre{white-space:pre-wrap;background:#f0f4f8;padding:6px 8px;border-radius:4px;margin:6px 0 0}
            .muted{color:#627d98;font-size:13px}
            svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
            """;

    private final JsonNode report;
    private final StringBuilder html = new StringBuilder(64 * 1024);

    ReportHtml(JsonNode report) {
        this.report = report;
    }

    String render() {
        JsonNode site = report.path("site");
        String siteName = first(site.path("displayName"), site.path("siteId"), site.path("gatewayHostName"),
                site.path("gatewayAddress"));
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src"
                        + " 'unsafe-inline'; img-src data:\">")
                .append("<title>Outpost diagnostics").append(siteName == null ? "" : ": " + escape(siteName))
                .append("</title><style>").append(CSS).append("</style></head><body>");
        html.append("<header><h1>Outpost diagnostics").append(siteName == null ? "" : " for " + escape(siteName))
                .append("</h1><p>Written ").append(escape(time(report.path("createdAt").asText())))
                .append(" by Outpost ")
                .append(escape(report.path("outpostVersion").asText())).append("</p></header><main>");
        problems();
        picture();
        siteFacts(site);
        timeline();
        checks();
        collection();
        redactions();
        html.append("</main></body></html>\n");
        return html.toString();
    }

    private void problems() {
        JsonNode problems = report.path("problems");
        html.append("<h2 id=\"problems\">What needs attention</h2>");
        if (problems.isEmpty()) {
            html.append("<div class=\"ok-banner\">").append(escape(report.path("summary").path("headline").asText()))
                    .append("</div>");
            return;
        }
        for (JsonNode problem : problems) {
            String severity = problem.path("severity").asText();
            html.append("<div class=\"problem ").append(severity.equals("error") ? "error" : "warning")
                    .append("\"><h3><span class=\"mark m-").append(attr(severity)).append("\">")
                    .append(severity.equals("error") ? "Error" : "Warning").append("</span> ")
                    .append(escape(problem.path("title").asText())).append("</h3><div>")
                    .append(escape(problem.path("what").asText())).append("</div>");
            if (problem.hasNonNull("fix")) {
                html.append("<div class=\"fix\"><b>What to do:</b> ").append(escape(problem.path("fix").asText()))
                        .append("</div>");
            }
            html.append("</div>");
        }
    }

    private void picture() {
        JsonNode picture = report.path("picture");
        html.append("<h2>The site</h2><section class=\"card\">")
                .append("<svg role=\"img\" aria-label=\"The laptop, the gateway, the instruments and head office,"
                        + " with the state of each\" viewBox=\"0 0 900 230\" width=\"100%\" height=\"230\">");
        line(190, 115, 340, 115, picture.path("gateway").path("state").asText());
        line(560, 100, 700, 60, picture.path("headOffice").path("state").asText());
        line(560, 130, 700, 175, picture.path("instruments").path("state").asText());
        box(20, 70, "Laptop", picture.path("laptop"));
        box(340, 70, "Gateway", picture.path("gateway"));
        box(700, 20, "Head office", picture.path("headOffice"));
        box(700, 140, "Instruments", picture.path("instruments"));
        html.append("</svg><p class=\"muted\">Green: working. Amber: needs attention. Red: failed. Grey: not known"
                + " or not collected.</p></section>");
    }

    private void line(int x1, int y1, int x2, int y2, String state) {
        html.append("<line x1=\"").append(x1).append("\" y1=\"").append(y1).append("\" x2=\"").append(x2)
                .append("\" y2=\"").append(y2).append("\" stroke=\"").append(colour(state))
                .append("\" stroke-width=\"4\"").append(state.equals("unknown") ? " stroke-dasharray=\"8 6\"" : "")
                .append("/>");
    }

    private void box(int x, int y, String title, JsonNode part) {
        String state = part.path("state").asText("unknown");
        int width = x == 340 ? 220 : 170;
        html.append("<g><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(width)
                .append("\" height=\"80\" rx=\"10\" fill=\"#fff\" stroke=\"").append(colour(state))
                .append("\" stroke-width=\"3\"/>")
                .append("<circle cx=\"").append(x + 18).append("\" cy=\"").append(y + 22).append("\" r=\"7\" fill=\"")
                .append(colour(state)).append("\"/>")
                .append("<text x=\"").append(x + 32).append("\" y=\"").append(y + 27)
                .append("\" font-size=\"16\" font-weight=\"600\" fill=\"#243b53\">").append(escape(title))
                .append("</text><text x=\"").append(x + 14).append("\" y=\"").append(y + 52)
                .append("\" font-size=\"13\" fill=\"#334e68\">").append(escape(cut(part.path("detail").asText(), 24)))
                .append("</text>");
        if (part.hasNonNull("name")) {
            html.append("<text x=\"").append(x + 14).append("\" y=\"").append(y + 70)
                    .append("\" font-size=\"12\" fill=\"#627d98\">").append(escape(cut(part.path("name").asText(), 28)))
                    .append("</text>");
        }
        html.append("<title>").append(escape(title + ": " + state)).append("</title></g>");
    }

    private void siteFacts(JsonNode site) {
        html.append("<h2>Summary</h2><section class=\"card\"><dl>");
        fact("Site", first(site.path("displayName"), site.path("siteId")));
        fact("Site id", text(site.path("siteId")));
        fact("Gateway address", text(site.path("gatewayAddress")));
        fact("Gateway host name", text(site.path("gatewayHostName")));
        fact("Operating system", text(site.path("operatingSystem")));
        fact("Kernel", text(site.path("kernel")));
        fact("Processor", text(site.path("architecture")));
        fact("Central cluster", text(site.path("centralCluster")));
        fact("Gateway reachable", site.path("gatewayReachable").asBoolean() ? "yes"
                : "no: " + site.path("gatewayNotReachableBecause").asText(""));
        fact("Addresses masked", report.path("addressesMasked").asBoolean() ? "yes" : "no");
        html.append("</dl></section>");
    }

    private void fact(String name, String value) {
        if (value != null && !value.isBlank()) {
            html.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>");
        }
    }

    private void timeline() {
        JsonNode timeline = report.path("timeline");
        JsonNode steps = timeline.path("steps");
        html.append("<h2>Install timeline</h2>");
        if (steps.isEmpty()) {
            html.append("<p class=\"muted\">No install ran from this laptop against this gateway.</p>");
            return;
        }
        long longest = 1;
        for (JsonNode step : steps) {
            longest = Math.max(longest, step.path("durationMillis").asLong(0));
        }
        html.append("<p class=\"muted\">Started ").append(escape(time(timeline.path("startedAt").asText("?"))))
                .append(timeline.hasNonNull("finishedAt")
                        ? ", ended " + escape(time(timeline.path("finishedAt").asText()))
                        : ", did not end").append(".</p>");
        html.append("<table><tr><th>Step</th><th>Result</th><th>Time</th><th style=\"width:22%\"></th></tr>");
        for (JsonNode step : steps) {
            String outcome = step.path("outcome").asText();
            long millis = step.path("durationMillis").asLong(-1);
            html.append("<tr><td>").append(escape(step.path("title").asText()));
            if (step.hasNonNull("message") && (outcome.equals("failed") || outcome.equals("cancelled"))) {
                html.append("<div class=\"muted\">").append(escape(step.path("message").asText())).append("</div>");
            }
            if (outcome.equals("failed") && !step.path("lastOutput").isEmpty()) {
                html.append("<pre>");
                step.path("lastOutput").forEach(l -> html.append(escape(l.asText())).append('\n'));
                html.append("</pre>");
            }
            html.append("</td><td><span class=\"mark m-").append(attr(outcome.toLowerCase(Locale.ROOT))).append("\">")
                    .append(escape(outcomeWords(outcome))).append("</span></td><td class=\"time\">")
                    .append(millis < 0 ? "" : escape(duration(millis))).append("</td><td>");
            if (millis >= 0) {
                html.append("<div class=\"bar").append(outcome.equals("failed") ? " failed" : "")
                        .append("\" style=\"width:").append(Math.max(1, 100 * millis / longest)).append("%\"></div>");
            }
            html.append("</td></tr>");
        }
        html.append("</table>");
    }

    private void checks() {
        JsonNode checks = report.path("checks");
        html.append("<h2>Checks</h2>");
        if (checks.isEmpty()) {
            html.append("<p class=\"muted\">No check results: the gateway's facts were not collected.</p>");
            return;
        }
        html.append("<table><tr><th>Result</th><th>Check</th><th>Found</th><th>What to do</th></tr>");
        for (JsonNode check : checks) {
            String mark = check.path("mark").asText();
            html.append("<tr><td><span class=\"mark m-").append(attr(mark)).append("\">").append(escape(mark))
                    .append("</span></td><td>").append(escape(check.path("title").asText()))
                    .append("<div class=\"muted\"><code>").append(escape(check.path("id").asText()))
                    .append("</code></div></td><td>").append(escape(check.path("explanation").asText()))
                    .append("<div class=\"muted\">").append(escape(check.path("observed").asText(""))).append("</div>")
                    .append("</td><td>").append(escape(check.path("fix").asText(""))).append("</td></tr>");
        }
        html.append("</table>");
    }

    private void collection() {
        html.append("<h2>What this export contains</h2><table><tr><th>Item</th><th>File</th><th>Collected</th>"
                + "<th>Note</th></tr>");
        for (JsonNode item : report.path("collection")) {
            boolean done = item.path("collected").asBoolean();
            html.append("<tr><td>").append(escape(item.path("item").asText())).append("</td><td><code>")
                    .append(escape(item.path("entry").asText())).append("</code></td><td><span class=\"mark m-")
                    .append(done ? "ok" : "unknown").append("\">").append(done ? "yes" : "no").append("</span>")
                    .append(item.path("truncated").asBoolean() ? " <span class=\"muted\">(the latest part)</span>" : "")
                    .append("</td><td>").append(escape(item.path("note").asText(""))).append("</td></tr>");
        }
        html.append("</table>");
        JsonNode instruments = report.path("instruments");
        if (!instruments.path("collected").asBoolean(false)) {
            html.append("<p class=\"muted\">Instruments: ").append(escape(instruments.path("reason").asText()))
                    .append("</p>");
        }
    }

    private void redactions() {
        html.append("<h2>What was redacted</h2>");
        JsonNode redactions = report.path("redactions");
        if (redactions.isEmpty()) {
            html.append("<p class=\"muted\">Nothing needed redacting.</p>");
            return;
        }
        html.append("<table><tr><th>Kind</th><th>How many</th></tr>");
        for (JsonNode redaction : redactions) {
            html.append("<tr><td>").append(escape(redaction.path("description").asText())).append("</td><td>")
                    .append(redaction.path("count").asInt()).append("</td></tr>");
        }
        html.append("</table><p class=\"muted\">Secrets are removed before anything is written; each stands as"
                + " [redacted kind] in the files.</p>");
    }

    private static String outcomeWords(String outcome) {
        return switch (outcome) {
            case "done" -> "done";
            case "alreadyDone" -> "already done";
            case "failed" -> "failed";
            case "cancelled" -> "cancelled";
            case "running" -> "did not end";
            case "notReached" -> "not reached";
            default -> outcome;
        };
    }

    static String duration(long millis) {
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }

    /** Writes an ISO-8601 instant as {@code 2026-11-01 10:15:30 UTC}; other text stays as it is. */
    static String time(String instant) {
        try {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.parse(instant));
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }

    private static String colour(String state) {
        return switch (state) {
            case "ok" -> "#2f8132";
            case "attention" -> "#de911d";
            case "failed" -> "#cf1124";
            default -> "#9aa5b1";
        };
    }

    private static String first(JsonNode... values) {
        for (JsonNode value : values) {
            if (value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }

    private static String attr(String text) {
        return text.replaceAll("[^a-z]", "");
    }

    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
