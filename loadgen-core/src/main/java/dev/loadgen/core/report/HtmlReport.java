package dev.loadgen.core.report;

import dev.loadgen.core.Distribution;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.Header;
import dev.loadgen.core.PacingStats;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.StopReason;
import dev.loadgen.core.TracedRequest;
import dev.loadgen.core.gate.StatusNames;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * A run's report as one self-contained HTML page: the check results (when there are any), the summary tables,
 * and charts of the latency percentile spectrum (corrected and uncorrected, on HdrHistogram's
 * {@code 1/(1-percentile)} axis), of requests per second, of p50, p99 and maximum latency per interval and of
 * errors per interval.
 *
 * <p>Nothing is fetched when the page is opened: the charting library (uPlot, with its licence notice), the
 * page's script and styles and the data are all inlined. The tables are plain HTML written here, so they read
 * even where scripts are blocked; the charts are drawn by the page's script from the JSON object in its
 * {@code <script type="application/json" id="loadgen-data">} element ({@link HtmlReportData}), which is also
 * the place for tools to read the figures from. Header values and request bodies never appear.
 *
 * <p>Pure functions: any thread.
 */
public final class HtmlReport {
    /** The id of the script element that holds the page's data. */
    public static final String DATA_ELEMENT_ID = "loadgen-data";
    /** Class-path resources the page inlines; a native image must include each of them. */
    public static final List<String> RESOURCES = InlineAssets.RESOURCES;

    /**
     * One checked condition of the run, as a gate evaluated it.
     *
     * @param expression what was checked, as the user wrote it ({@code p99<25ms})
     * @param measured   the value measured, formatted with its unit
     * @param expected   the condition it had to meet ({@code < 25ms})
     * @param passed     whether it met it
     */
    public record Check(String expression, String measured, String expected, boolean passed) {
        public Check {
            Objects.requireNonNull(expression, "expression");
            Objects.requireNonNull(measured, "measured");
            Objects.requireNonNull(expected, "expected");
        }
    }

    private HtmlReport() {}

    /**
     * Writes the page to {@code out} and flushes it; does not close {@code out}.
     *
     * @param checks      the checks to list at the top, in order; empty for none
     * @param statusNames how the run's protocol names its status codes
     * @param section     the protocol's own card, or {@link ReportSection#NONE}
     * @param jsonSections the protocol's sections of the JSON result, which the page's data carries too
     */
    public static void write(
            RunResult result,
            String toolVersion,
            List<Check> checks,
            StatusNames statusNames,
            ReportSection section,
            List<JsonReport.Section> jsonSections,
            Writer out)
            throws IOException {
        IntFunction<String> statusName = statusNames::name;
        InlineAssets assets = InlineAssets.get();
        RunSpec spec = result.spec();
        String target = spec.target().method() + " " + spec.target().displayUrl();
        String started = Instant.ofEpochMilli(result.startEpochMillis()).toString();
        out.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        out.write("<meta name=\"generator\" content=\"loadgen " + escape(toolVersion) + "\">\n");
        out.write("<title>loadgen: " + escape(target) + "</title>\n");
        out.write("<style>\n" + assets.uplotStyle + "\n</style>\n");
        out.write("<style>\n" + assets.reportStyle + "\n</style>\n</head>\n<body>\n");
        out.write("<header>\n<h1>loadgen report</h1>\n<p class=\"target\">" + escape(target) + "</p>\n"
                + "<p class=\"meta\">started " + escape(started) + " &middot; loadgen " + escape(toolVersion)
                + (stoppedEarly(result) == null
                        ? ""
                        : " &middot; <strong>" + escape(stoppedEarly(result))
                                + ": the figures cover what was measured until then</strong>")
                + "</p>\n</header>\n<main>\n");
        if (!checks.isEmpty()) {
            out.write(checks(checks));
        }
        out.write("<section class=\"cards\">\n");
        out.write(card("Run", run(result)));
        out.write(card("Results", results(result)));
        out.write(card("Latency", latency(result)));
        out.write(card("Errors and status codes", errorsAndStatuses(result, statusName)));
        if (!result.slowest().isEmpty()) {
            out.write(card("Slowest traced requests", slowest(result, statusName)));
        }
        if (!section.rows().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            section.rows().forEach((label, value) -> rows.add(row(label, value)));
            out.write(card(section.title(), rows));
        }
        out.write("</section>\n");
        out.write(charts(result));
        out.write("</main>\n<noscript><p>The charts need JavaScript; the tables above hold the figures.</p>"
                + "</noscript>\n");
        out.write("<script type=\"application/json\" id=\"" + DATA_ELEMENT_ID + "\">");
        HtmlReportData.write(result, toolVersion, jsonSections, checks, statusName, out);
        out.write("</script>\n");
        out.write("<script>\n/*! uPlot " + InlineAssets.UPLOT_VERSION + "\n" + assets.uplotLicense + "\n*/\n"
                + assets.uplotScript + "\n</script>\n");
        out.write("<script>\n" + assets.reportScript + "\n</script>\n</body>\n</html>\n");
        out.flush();
    }

    /** Why the run ended before its duration or count, for the page's header; null when it did not. */
    private static String stoppedEarly(RunResult result) {
        return switch (result.stopReason()) {
            case INTERRUPTED -> "interrupted (Ctrl-C)";
            case ABORTED -> "stopped early by a failing check";
            case UNREACHABLE ->
                "stopped before " + result.spec().requestCount() + " requests: no connection to the "
                        + "target could be opened for longer than the timeout";
            case DURATION, COUNT -> null;
        };
    }

    /** How the run ended, for the Run card. */
    private static String ended(StopReason reason) {
        return switch (reason) {
            case DURATION -> "duration reached";
            case COUNT -> "request count reached";
            case INTERRUPTED -> "interrupted (Ctrl-C)";
            case ABORTED -> "stopped by a failing check";
            case UNREACHABLE -> "target unreachable (no connection for longer than the timeout)";
        };
    }

    private static String checks(List<Check> checks) {
        long failed = checks.stream().filter(check -> !check.passed()).count();
        StringBuilder html = new StringBuilder(512);
        html.append("<section class=\"checks ")
                .append(failed == 0 ? "pass" : "fail")
                .append("\">\n<h2>")
                .append(
                        failed == 0
                                ? "PASS: all " + checks.size() + " checks passed"
                                : "FAIL: " + failed + " of " + checks.size() + " checks failed")
                .append("</h2>\n<table>\n<thead><tr><th>check</th><th>measured</th><th>expected</th>"
                        + "<th>result</th></tr></thead>\n<tbody>\n");
        for (Check check : checks) {
            String verdict = check.passed() ? "pass" : "fail";
            html.append("<tr class=\"")
                    .append(verdict)
                    .append("\"><td><code>")
                    .append(escape(check.expression()))
                    .append("</code></td><td>")
                    .append(escape(check.measured()))
                    .append("</td><td>")
                    .append(escape(check.expected()))
                    .append("</td><td class=\"verdict\">")
                    .append(verdict.toUpperCase(Locale.ROOT))
                    .append("</td></tr>\n");
        }
        return html.append("</tbody>\n</table>\n</section>\n").toString();
    }

    private static List<String[]> run(RunResult result) {
        RunSpec spec = result.spec();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("URL", spec.target().displayUrl()));
        rows.add(row("Method", spec.target().method()));
        if (!spec.target().headers().isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Header header : spec.target().headers()) {
                names.add(header.name());
            }
            rows.add(row("Headers", String.join(", ", names) + " (values not shown)"));
        }
        rows.add(row("Threads", Integer.toString(spec.threads())));
        rows.add(row(
                "Connections",
                spec.connections()
                        + (spec.inFlightPerConnection() > 1
                                ? ", up to " + spec.inFlightPerConnection() + " requests in flight on each"
                                : "")));
        rows.add(row(
                "Schedule",
                spec.schedule() instanceof Schedule.OpenLoop open
                        ? "constant rate (open loop), backlog " + open.backlogCapacity()
                        : "closed loop"));
        List<String> bounds = new ArrayList<>();
        if (spec.durationNanos() > 0) {
            bounds.add(micros(spec.durationNanos()));
        }
        if (spec.requestCount() > 0) {
            bounds.add(spec.requestCount() + " requests");
        }
        rows.add(row("Asked for", String.join(" or ", bounds) + (bounds.size() > 1 ? ", whichever comes first" : "")));
        rows.add(row("Timeout", micros(spec.timeoutNanos())));
        if (spec.warmupNanos() > 0) {
            rows.add(row(
                    "Warm-up",
                    micros(spec.warmupNanos()) + ", " + result.warmupResponses() + " responses not recorded"));
        }
        rows.add(row("Measured for", micros(result.elapsedNanos())));
        rows.add(row("Ended", ended(result.stopReason())));
        Distribution distribution = result.distribution();
        if (distribution != null) {
            rows.add(row("Workers", workers(distribution)));
        }
        return rows;
    }

    /** How many workers the result covers, of which run; a partial merge says so. */
    static String workers(Distribution distribution) {
        String covered =
                distribution.parts().size() + " of " + distribution.workers() + " (run " + distribution.runId() + ")";
        return distribution.partial() ? covered + ", PARTIAL: the others' results are missing" : covered;
    }

    private static List<String[]> results(RunResult result) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("Requests", Long.toString(result.requests())));
        rows.add(row("Requests/sec", WrkUnits.fixed(result.requestsPerSecond(), 2)));
        PacingStats pacing = result.pacing();
        if (pacing.openLoop()) {
            rows.add(row("Target rate", WrkUnits.fixed(pacing.targetRatePerSecond(), 2) + " requests/sec"));
            rows.add(row("Achieved rate", WrkUnits.fixed(result.requestsPerSecond(), 2) + " requests/sec"));
            rows.add(row(
                    "Late sends",
                    pacing.lateSends() + " (over 1 ms late, at most " + micros(pacing.maxLatenessNanos()) + ")"));
            rows.add(row("Dropped", Long.toString(pacing.dropped())));
        }
        rows.add(row("Errors", Long.toString(result.totalErrors())));
        rows.add(row(
                "Read",
                WrkUnits.formatBytes((double) result.bytesRead()) + " ("
                        + WrkUnits.formatBytes(result.bytesReadPerSecond()) + "/sec)"));
        rows.add(row("Written", WrkUnits.formatBytes((double) result.bytesWritten())));
        return rows;
    }

    private static String latency(RunResult result) {
        Histogram corrected = result.latencyNanos();
        Histogram uncorrected = result.uncorrectedLatencyNanos();
        boolean open = result.pacing().openLoop();
        StringBuilder html = new StringBuilder(1024);
        html.append("<table class=\"numbers\">\n<thead><tr><th></th><th>")
                .append(open ? "corrected" : "latency")
                .append("</th>")
                .append(open ? "<th>uncorrected</th>" : "")
                .append("</tr></thead>\n<tbody>\n");
        for (double percentile : Percentiles.SUMMARY) {
            latencyRow(
                    html,
                    Percentiles.label(percentile),
                    corrected.getValueAtPercentile(percentile),
                    uncorrected.getValueAtPercentile(percentile),
                    open);
        }
        latencyRow(html, "max", corrected.getMaxValue(), uncorrected.getMaxValue(), open);
        latencyRow(
                html,
                "mean",
                Math.round(ThreadStats.of(corrected).mean()),
                Math.round(ThreadStats.of(uncorrected).mean()),
                open);
        latencyRow(
                html,
                "stdev",
                Math.round(ThreadStats.of(corrected).stdev()),
                Math.round(ThreadStats.of(uncorrected).stdev()),
                open);
        html.append("</tbody>\n</table>\n<p class=\"note\">")
                .append(
                        open
                                ? "Corrected: from when each request was due; uncorrected: from the actual write."
                                : "Closed loop: from writing each request to its complete response.")
                .append(" ")
                .append(corrected.getTotalCount())
                .append(" responses.</p>\n");
        return html.toString();
    }

    private static void latencyRow(
            StringBuilder html, String label, long correctedNanos, long uncorrectedNanos, boolean open) {
        html.append("<tr><th>")
                .append(label)
                .append("</th><td>")
                .append(micros(correctedNanos))
                .append("</td>");
        if (open) {
            html.append("<td>").append(micros(uncorrectedNanos)).append("</td>");
        }
        html.append("</tr>\n");
    }

    private static String errorsAndStatuses(RunResult result, IntFunction<String> statusName) {
        StringBuilder html = new StringBuilder(1024);
        html.append("<table class=\"numbers\">\n<thead><tr><th>error</th><th>count</th></tr></thead>\n<tbody>\n");
        for (ErrorKind kind : ErrorKind.values()) {
            long count = result.errors(kind);
            html.append("<tr")
                    .append(count > 0 ? " class=\"nonzero\"" : "")
                    .append("><th>")
                    .append(kind.name().toLowerCase(Locale.ROOT))
                    .append("</th><td>")
                    .append(count)
                    .append("</td></tr>\n");
        }
        html.append("<tr class=\"total\"><th>total</th><td>")
                .append(result.totalErrors())
                .append("</td></tr>\n</tbody>\n</table>\n");
        html.append("<table class=\"numbers\">\n<thead><tr><th>status</th><th>responses</th></tr></thead>\n<tbody>\n");
        if (result.statuses().isEmpty()) {
            html.append("<tr><td colspan=\"2\">no responses</td></tr>\n");
        }
        for (Map.Entry<Integer, Long> status : result.statuses().entrySet()) {
            String name = statusName.apply(status.getKey());
            String label = name.equals(status.getKey().toString()) ? name : name + " (" + status.getKey() + ")";
            html.append("<tr><th>")
                    .append(escape(label))
                    .append("</th><td>")
                    .append(status.getValue())
                    .append("</td></tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }

    /** The run's slowest traced requests with their trace IDs, to look the traces up by. */
    private static String slowest(RunResult result, IntFunction<String> statusName) {
        StringBuilder html = new StringBuilder(1024);
        html.append("<table class=\"numbers\">\n<thead><tr><th>latency</th><th>status</th><th>trace ID</th>"
                + "<th>span ID</th></tr></thead>\n<tbody>\n");
        for (TracedRequest request : result.slowest()) {
            html.append("<tr><td>")
                    .append(micros(request.latencyNanos()))
                    .append("</td><td>")
                    .append(escape(statusName.apply(request.status())))
                    .append("</td><td><code>")
                    .append(request.traceId())
                    .append("</code></td><td><code>")
                    .append(request.spanId())
                    .append("</code></td></tr>\n");
        }
        return html.append("</tbody>\n</table>\n").toString();
    }

    private static String charts(RunResult result) {
        String spectrumNote = result.pacing().openLoop()
                ? "Corrected (from when each request was due) and uncorrected (from the actual write)."
                : "Closed loop: corrected and uncorrected latency are the same.";
        return "<section class=\"charts\">\n"
                + chart(
                        "spectrum",
                        "Latency by percentile",
                        spectrumNote + " The x axis is HdrHistogram's 1/(1-percentile) on a log scale.")
                + chart(
                        "rate",
                        "Requests per second",
                        "Responses completed per second in each interval"
                                + (result.pacing().openLoop() ? ", and the rate the schedule planned" : "")
                                + " (a last interval much shorter than the others is not drawn).")
                + chart("latency", "Latency over time", "p50, p99 and maximum of the corrected latency, per interval.")
                + chart("errors", "Errors over time", "Errors of every kind, per interval.")
                + "</section>\n";
    }

    private static String chart(String id, String title, String note) {
        return "<figure class=\"chart\">\n<figcaption><h2>" + escape(title) + "</h2><p class=\"note\">" + escape(note)
                + "</p></figcaption>\n<div id=\"chart-" + id + "\" class=\"plot\"></div>\n</figure>\n";
    }

    private static String card(String title, List<String[]> rows) {
        StringBuilder html = new StringBuilder(1024);
        html.append("<table>\n<tbody>\n");
        for (String[] row : rows) {
            html.append("<tr><th>")
                    .append(escape(row[0]))
                    .append("</th><td>")
                    .append(escape(row[1]))
                    .append("</td></tr>\n");
        }
        return card(title, html.append("</tbody>\n</table>\n").toString());
    }

    private static String card(String title, String body) {
        return "<div class=\"card\">\n<h2>" + escape(title) + "</h2>\n" + body + "</div>\n";
    }

    private static String[] row(String label, String value) {
        return new String[] {label, value};
    }

    private static String micros(long nanos) {
        return WrkUnits.formatMicros(nanos / 1e3);
    }

    /**
     * Text as HTML character data or a quoted attribute value. Five characters need replacing, which is not worth
     * a library on the engine's class path.
     */
    static String escape(String text) {
        StringBuilder html = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return html.toString();
    }
}
