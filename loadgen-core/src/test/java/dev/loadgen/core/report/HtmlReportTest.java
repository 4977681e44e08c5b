package dev.loadgen.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.Header;
import dev.loadgen.core.IntervalSummary;
import dev.loadgen.core.PacingStats;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.StopReason;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.gate.StatusNames;
import dev.loadgen.core.gate.TestStatusNames;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    /** OK for 0 and Unavailable for everything else, like a protocol with named statuses. */
    private static final StatusNames GRPC_LIKE = TestStatusNames.NAMED;

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"" + HtmlReport.DATA_ELEMENT_ID + "\">(.*?)</script>",
            Pattern.DOTALL);

    @Test
    void embeddedDataHoldsTheRunsCountsPercentilesAndIntervalSeries() throws IOException {
        RunResult result = openLoopRun(spec("http://127.0.0.1:8080/?delay=1ms", List.of(), new byte[0]));

        JsonNode data = data(page(result, List.of()));

        assertThat(data.get("requests").asLong()).isEqualTo(1000);
        assertThat(data.at("/errors/total").asLong()).isEqualTo(12);
        assertThat(data.at("/errors/status").asLong()).isEqualTo(10);
        assertThat(data.at("/errors/timeout").asLong()).isEqualTo(2);
        assertThat(data.at("/errors/connect").asLong()).isZero();
        assertThat(data.get("status_codes")).isEqualTo(MAPPER.readTree("{\"200\": 990, \"503\": 10}"));
        assertThat(data.at("/bytes/read").asLong()).isEqualTo(123_456);
        assertThat(data.at("/pacing/open_loop").asBoolean()).isTrue();
        assertThat(data.at("/pacing/dropped").asLong()).isEqualTo(3);
        assertThat(data.at("/parameters/schedule").asText()).isEqualTo("open_loop");
        assertThat(data.at("/parameters/threads").asInt()).isEqualTo(2);

        for (String kind : List.of("corrected", "uncorrected")) {
            Histogram histogram = kind.equals("corrected") ? result.latencyNanos() : result.uncorrectedLatencyNanos();
            JsonNode latency = data.at("/latency/" + kind);
            assertThat(latency.get("count").asLong()).isEqualTo(1000);
            assertThat(micros(latency.get("p50_us"))).isEqualTo(histogram.getValueAtPercentile(50));
            assertThat(micros(latency.get("p99_us"))).isEqualTo(histogram.getValueAtPercentile(99));
            assertThat(micros(latency.get("p99_9_us"))).isEqualTo(histogram.getValueAtPercentile(99.9));
            assertThat(micros(latency.get("max_us"))).isEqualTo(histogram.getMaxValue());
            // The spectrum is HdrHistogram's percentile table, point for point.
            List<Double> percentiles = new ArrayList<>();
            List<Long> values = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (HistogramIterationValue step : histogram.percentiles(5)) {
                percentiles.add(step.getPercentileLevelIteratedTo());
                values.add(step.getValueIteratedTo());
                counts.add(step.getTotalCountToThisValue());
            }
            JsonNode spectrum = latency.get("spectrum");
            assertThat(doubles(spectrum.get("percentile"))).isEqualTo(percentiles);
            assertThat(spectrum.get("value_us").size()).isEqualTo(values.size()).isGreaterThan(10);
            for (int i = 0; i < values.size(); i++) {
                assertThat(micros(spectrum.get("value_us").get(i))).isEqualTo(values.get(i));
                assertThat(spectrum.get("total_count").get(i).asLong()).isEqualTo(counts.get(i));
            }
        }
        assertThat(micros(data.at("/latency/corrected/max_us")))
                .isGreaterThan(micros(data.at("/latency/uncorrected/max_us")));

        JsonNode intervals = data.get("interval_series");
        assertThat(longs(intervals.get("requests"))).containsExactly(300L, 400L, 300L);
        assertThat(longs(intervals.get("errors"))).containsExactly(0L, 12L, 0L);
        assertThat(intervals.get("start_offset_us").get(1).decimalValue()).isEqualByComparingTo("1000000");
        assertThat(micros(intervals.get("p99_us").get(1))).isEqualTo(80 * MS);
        assertThat(micros(intervals.get("max_us").get(1))).isEqualTo(150 * MS);
        // 1000 requests/sec planned for a 3 s run, in three 1 s intervals (the last one ends at the deadline).
        assertThat(intervals.get("planned_requests"))
                .extracting(JsonNode::asDouble)
                .containsExactly(1000.0, 1000.0, 1000.0);
    }

    @Test
    void theProtocolsOwnCardListsItsRowsEscaped() throws IOException {
        RunResult result = openLoopRun(spec("http://127.0.0.1:8080/", List.of(), new byte[0]));
        StringWriter out = new StringWriter();

        HtmlReport.write(
                result,
                "0.1.0-test",
                List.of(),
                TestStatusNames.HTTP_LIKE,
                new ReportSection("Proto", Map.of("Messages sent", "42", "rpc <error>", "3 calls")),
                List.of(),
                out);

        assertThat(out.toString())
                .contains("Proto")
                .contains("Messages sent")
                .contains("42")
                .contains("rpc &lt;error&gt;")
                .doesNotContain("rpc <error>");
    }

    @Test
    void thePageReferencesNothingOutside() throws IOException {
        String page = page(openLoopRun(spec("http://127.0.0.1:8080/", List.of(), new byte[0])), List.of());

        assertThat(page).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(page.toLowerCase(Locale.ROOT))
                .doesNotContain(
                        "src=",
                        "href=",
                        "@import",
                        "url(",
                        "<link",
                        "<iframe",
                        "<img",
                        "<object",
                        "<embed",
                        "fetch(",
                        "xmlhttprequest",
                        "import(");
        // Exactly three script elements, none with a source: the data, uPlot and the page's own script.
        Matcher scripts = Pattern.compile("<script[^>]*>").matcher(page);
        List<String> tags = new ArrayList<>();
        while (scripts.find()) {
            tags.add(scripts.group());
        }
        assertThat(tags)
                .containsExactly("<script type=\"application/json\" id=\"loadgen-data\">", "<script>", "<script>");
        assertThat(count(page, "</script>")).isEqualTo(3);
    }

    @Test
    void uPlotIsInlinedWithItsLicenceNotice() throws IOException {
        String page = page(openLoopRun(spec("http://127.0.0.1:8080/", List.of(), new byte[0])), List.of());

        assertThat(page)
                .contains(
                        "/*! uPlot " + InlineAssets.UPLOT_VERSION,
                        "The MIT License (MIT)",
                        "Copyright (c) 2022 Leon Sorokin",
                        "var uPlot=function()",
                        ".uplot {",
                        "new uPlot(options");
        assertThat(HtmlReport.RESOURCES)
                .allSatisfy(name -> assertThat(HtmlReport.class.getClassLoader().getResource(name))
                        .as(name)
                        .isNotNull());
    }

    @Test
    void headerValuesBodiesAndUrlPasswordsNeverAppear() throws IOException {
        List<Header> headers = List.of(
                new Header("Authorization", "Bearer s3cr3t-t0ken"),
                new Header("X-Api-Key", "k3y-v4lue"),
                new Header("X-Trace", "trace-v4lue"));
        RunSpec spec = spec(
                "http://alice:hunter2@127.0.0.1:8080/login",
                headers,
                "password=c0rrect-h0rse".getBytes(StandardCharsets.UTF_8));

        String page = page(openLoopRun(spec), List.of());

        assertThat(page).doesNotContain("s3cr3t-t0ken", "k3y-v4lue", "trace-v4lue", "hunter2", "c0rrect-h0rse");
        assertThat(page)
                .contains(
                        "http://alice:****@127.0.0.1:8080/login",
                        "Authorization, X-Api-Key, X-Trace (values not shown)");
        JsonNode data = data(page);
        assertThat(data.at("/parameters/header_names"))
                .extracting(JsonNode::asText)
                .containsExactly("Authorization", "X-Api-Key", "X-Trace");
        assertThat(data.at("/parameters/url").asText()).isEqualTo("http://alice:****@127.0.0.1:8080/login");
    }

    @Test
    void checksAreListedFirstWithTheirVerdicts() throws IOException {
        List<HtmlReport.Check> checks = List.of(
                new HtmlReport.Check("p99<25ms", "80.00ms", "< 25.00ms", false),
                new HtmlReport.Check("errors<2%", "1.20%", "< 2%", true));

        String page = page(openLoopRun(spec("http://127.0.0.1:8080/", List.of(), new byte[0])), checks);

        assertThat(page)
                .contains(
                        "<section class=\"checks fail\">\n<h2>FAIL: 1 of 2 checks failed</h2>",
                        "<tr class=\"fail\"><td><code>p99&lt;25ms</code></td><td>80.00ms</td><td>&lt; 25.00ms</td>"
                                + "<td class=\"verdict\">FAIL</td></tr>",
                        "<tr class=\"pass\"><td><code>errors&lt;2%</code></td><td>1.20%</td><td>&lt; 2%</td>"
                                + "<td class=\"verdict\">PASS</td></tr>");
        assertThat(page.indexOf("class=\"checks")).isLessThan(page.indexOf("class=\"cards\""));
        JsonNode data = data(page);
        assertThat(data.get("checks"))
                .isEqualTo(MAPPER.readTree("[{\"expression\": \"p99<25ms\", \"measured\": "
                        + "\"80.00ms\", \"expected\": \"< 25.00ms\", \"passed\": false}, {\"expression\": \"errors<2%\", "
                        + "\"measured\": \"1.20%\", \"expected\": \"< 2%\", \"passed\": true}]"));

        String allPassed =
                page(openLoopRun(spec("http://127.0.0.1:8080/", List.of(), new byte[0])), List.of(checks.get(1)));
        assertThat(allPassed).contains("<section class=\"checks pass\">\n<h2>PASS: all 1 checks passed</h2>");
        String none = page(openLoopRun(spec("http://127.0.0.1:8080/", List.of(), new byte[0])), List.of());
        assertThat(none).doesNotContain("class=\"checks");
        assertThat(data(none).get("checks").size()).isZero();
    }

    @Test
    void textThatLooksLikeMarkupCannotEndTheDataOrAddElements() throws IOException {
        String expression = "p99</script><script>alert(1)</script><!--";
        List<HtmlReport.Check> checks = List.of(new HtmlReport.Check(expression, "<b>1ms</b>", "&lt;", true));

        String page = page(openLoopRun(spec("http://127.0.0.1:8080/", List.of(), new byte[0])), checks);

        assertThat(count(page, "</script>")).isEqualTo(3);
        assertThat(page).doesNotContain("<b>", "<!--").contains("p99&lt;/script&gt;&lt;script&gt;alert(1)");
        JsonNode check = data(page).get("checks").get(0);
        assertThat(check.get("expression").asText()).isEqualTo(expression);
        assertThat(check.get("measured").asText()).isEqualTo("<b>1ms</b>");
        assertThat(check.get("expected").asText()).isEqualTo("&lt;");
    }

    @Test
    void closedLoopRunWithoutResponsesStillRenders() throws IOException {
        RunSpec spec = new RunSpec(
                new TargetSpec(URI.create("http://127.0.0.1:9/"), "GET", List.of(), new byte[0], false),
                1,
                1,
                SECOND,
                0,
                SECOND,
                Schedule.closedLoop(),
                1,
                0);
        Histogram none = new Histogram(3);
        RunResult result = RunResult.builder(spec)
                .elapsedNanos(SECOND)
                .errors(Map.of(ErrorKind.CONNECT, 5L))
                .latencyNanos(none)
                .uncorrectedLatencyNanos(none)
                .requestsPerSecondPerThread(none)
                .build();

        String page = page(result, List.of());

        JsonNode data = data(page);
        assertThat(data.get("requests").asLong()).isZero();
        assertThat(data.at("/errors/connect").asLong()).isEqualTo(5);
        assertThat(data.at("/latency/corrected/spectrum/percentile").size()).isZero();
        assertThat(data.at("/interval_series/requests").size()).isZero();
        assertThat(data.at("/interval_series").has("planned_requests")).isFalse();
        assertThat(data.at("/parameters/schedule").asText()).isEqualTo("closed_loop");
        assertThat(page)
                .contains(
                        "<tr class=\"nonzero\"><th>connect</th><td>5</td></tr>",
                        "no responses",
                        "Closed loop: corrected and uncorrected latency are the same.");
    }

    @Test
    void intervalsOfTheWarmupAreLeftOutAndStatusNamesComeFromTheCaller() throws IOException {
        RunSpec spec = new RunSpec(
                new TargetSpec(URI.create("grpc://127.0.0.1:50051"), "POST", List.of(), new byte[0], false),
                1,
                1,
                3 * SECOND,
                0,
                SECOND,
                Schedule.closedLoop(),
                4,
                SECOND);
        Histogram latency = histogram(2 * MS, 100);
        List<IntervalSummary> intervals = List.of(
                new IntervalSummary(0, SECOND, 0, 0, 0, 0, 0),
                new IntervalSummary(SECOND, SECOND, 60, 0, 2 * MS, 2 * MS, 2 * MS),
                new IntervalSummary(2 * SECOND, SECOND, 40, 0, 2 * MS, 2 * MS, 2 * MS));
        RunResult result = RunResult.builder(spec)
                .elapsedNanos(2 * SECOND)
                .requests(100)
                .statuses(Map.of(0, 97L, 14, 3L))
                .latencyNanos(latency)
                .uncorrectedLatencyNanos(latency)
                .requestsPerSecondPerThread(histogram(50, 10))
                .warmupResponses(55)
                .intervals(intervals)
                .build();

        StringWriter out = new StringWriter();
        HtmlReport.write(result, "1.2.3", List.of(), GRPC_LIKE, ReportSection.NONE, List.of(), out);

        JsonNode data = data(out.toString());
        assertThat(longs(data.at("/interval_series/requests"))).containsExactly(60L, 40L);
        assertThat(data.at("/status_names")).isEqualTo(MAPPER.readTree("{\"0\": \"OK\", \"14\": \"Unavailable\"}"));
        assertThat(data.at("/warmup/responses").asLong()).isEqualTo(55);
        assertThat(data.at("/tool/version").asText()).isEqualTo("1.2.3");
        assertThat(out.toString())
                .contains(
                        "<tr><th>OK (0)</th><td>97</td></tr>",
                        "<tr><th>Unavailable (14)</th><td>3</td></tr>",
                        "1.00s, 55 responses not recorded",
                        "up to 4 requests in flight on each");
    }

    @Test
    void theDataIsTheJsonResultPlusOnlyThePagesOwnFields() throws IOException {
        RunResult result =
                openLoopRun(spec("http://127.0.0.1:8080/", List.of(new Header("X-Trace", "t")), new byte[0]));
        StringWriter json = new StringWriter();
        JsonReport.write(result, "0.1.0-test", json);

        ObjectNode data = (ObjectNode) data(page(result, List.of()));

        for (String extra : List.of("status_names", "interval_series", "checks")) {
            assertThat(data.remove(extra)).as(extra).isNotNull();
        }
        assertThat(((ObjectNode) data.get("parameters")).remove("header_names")).isNotNull();
        for (String kind : List.of("corrected", "uncorrected")) {
            assertThat(((ObjectNode) data.at("/latency/" + kind)).remove("spectrum"))
                    .isNotNull();
        }
        assertThat(data).isEqualTo(MAPPER.readTree(json.toString()));
    }

    @Test
    void aRunStoppedByAGateSaysSoAndNotThatTheUserInterruptedIt() throws IOException {
        RunResult aborted = RunResult.builder(spec("http://127.0.0.1:8080/", List.of(), new byte[0]))
                .elapsedNanos(SECOND)
                .stopReason(StopReason.ABORTED)
                .build();

        String page = page(aborted, List.of());

        assertThat(page)
                .contains(
                        "<strong>stopped early by a failing check: the figures cover "
                                + "what was measured until then</strong>",
                        "<tr><th>Ended</th><td>stopped by a failing check")
                .doesNotContain("Ctrl-C");
        assertThat(data(page).get("stop_reason").asText()).isEqualTo("aborted");
    }

    @Test
    void runsThatEndedByThemselvesSayHowWithoutAWarning() throws IOException {
        String page = page(openLoopRun(spec("http://127.0.0.1:8080/", List.of(), new byte[0])), List.of());

        assertThat(page)
                .contains("<tr><th>Ended</th><td>duration reached</td></tr>")
                .doesNotContain("<strong>");
        assertThat(data(page).get("stop_reason").asText()).isEqualTo("duration");
    }

    @Test
    void percentilesAreNamedOneWayEverywhere() {
        assertThat(Percentiles.field(50)).isEqualTo("p50_us");
        assertThat(Percentiles.field(99.9)).isEqualTo("p99_9_us");
        assertThat(Percentiles.field(99.99)).isEqualTo("p99_99_us");
        assertThat(Percentiles.label(99.90)).isEqualTo("p99.9");
        assertThat(Percentiles.label(99.999)).isEqualTo("p99.999");
        assertThat(Percentiles.label(75)).isEqualTo("p75");
    }

    /** 1000 responses at 1000/s over 3 s; the corrected view has a stall the uncorrected one does not. */
    private static RunResult openLoopRun(RunSpec spec) {
        Histogram corrected = histogram(1 * MS, 900);
        corrected.recordValueWithCount(5 * MS, 80);
        corrected.recordValueWithCount(80 * MS, 15);
        corrected.recordValueWithCount(150 * MS, 5);
        Histogram uncorrected = histogram(800 * US, 900);
        uncorrected.recordValueWithCount(3 * MS, 100);
        List<IntervalSummary> intervals = List.of(
                new IntervalSummary(0, SECOND, 300, 0, MS, 5 * MS, 6 * MS),
                new IntervalSummary(SECOND, SECOND, 400, 12, MS, 80 * MS, 150 * MS),
                new IntervalSummary(2 * SECOND, SECOND, 300, 0, MS, 5 * MS, 5 * MS));
        return RunResult.builder(spec)
                .elapsedNanos(3 * SECOND)
                .requests(1000)
                .errors(Map.of(ErrorKind.STATUS, 10L, ErrorKind.TIMEOUT, 2L))
                .statuses(Map.of(200, 990L, 503, 10L))
                .bytesRead(123_456)
                .bytesWritten(65_432)
                .latencyNanos(corrected)
                .uncorrectedLatencyNanos(uncorrected)
                .requestsPerSecondPerThread(histogram(500, 20))
                .startEpochMillis(1_700_000_000_000L)
                .pacing(new PacingStats(1000, 7, 3 * MS, 3))
                .intervals(intervals)
                .build();
    }

    private static RunSpec spec(String url, List<Header> headers, byte[] body) {
        return new RunSpec(
                new TargetSpec(URI.create(url), "GET", headers, body, false),
                2,
                8,
                3 * SECOND,
                0,
                2 * SECOND,
                new Schedule.OpenLoop(new ConstantRate(1000), 10_000),
                1,
                0);
    }

    private static Histogram histogram(long value, long count) {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(value, count);
        return histogram;
    }

    private static String page(RunResult result, List<HtmlReport.Check> checks) throws IOException {
        StringWriter out = new StringWriter();
        HtmlReport.write(result, "0.1.0-test", checks, TestStatusNames.HTTP_LIKE, ReportSection.NONE, List.of(), out);
        return out.toString();
    }

    private static JsonNode data(String page) throws IOException {
        Matcher matcher = DATA.matcher(page);
        assertThat(matcher.find()).as("the data element").isTrue();
        return MAPPER.readTree(matcher.group(1));
    }

    /** A {@code _us} value back to nanoseconds. */
    private static long micros(JsonNode value) {
        return value.decimalValue().movePointRight(3).longValueExact();
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asLong()));
        return values;
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
