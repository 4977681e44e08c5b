package dev.loadgen.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import dev.loadgen.core.FireTimes;
import dev.loadgen.core.IntervalSummary;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The one JSON object an HTML report carries in its {@code loadgen-data} script element: the figures of the run
 * with the field names of the {@code --json} result where they mean the same, the latency percentile spectra
 * and the interval series as columns (the shape the charts draw from), and the checks.
 *
 * <p>Written with Jackson's generator, with {@code <}, {@code >} and {@code &} written as JSON's unicode escapes,
 * so that no value (a URL, an assertion such as {@code p99<25ms}) can end the script element or open a tag.
 * Header values never appear, only header names; the URL's user info is masked as in the text report.
 *
 * <p>Pure functions: any thread.
 */
final class HtmlReportData {
    /** wrk2's and HdrHistogram's own spectrum resolution: five points per halving of the distance to 100%. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .characterEscapes(new ScriptSafeEscapes())
            .build();

    private HtmlReportData() {
    }

    /** Writes the object to {@code out} on one line; does not close {@code out}. */
    static void write(RunResult result, String toolVersion, List<HtmlReport.Check> checks,
                      IntFunction<String> statusName, Writer out) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeObjectFieldStart("tool");
            json.writeStringField("name", "loadgen");
            json.writeStringField("version", toolVersion);
            json.writeEndObject();
            JsonReport.parameters(json, result.spec(), true);
            json.writeStringField("start_time", Instant.ofEpochMilli(result.startEpochMillis()).toString());
            decimal(json, "elapsed_us", JsonReport.micros(result.elapsedNanos()));
            json.writeBooleanField("interrupted", result.interrupted());
            json.writeNumberField("requests", result.requests());
            decimal(json, "requests_per_second", twoDecimals(result.requestsPerSecond()));
            JsonReport.errors(json, result);
            json.writeObjectFieldStart("status_codes");
            for (Map.Entry<Integer, Long> status : result.statuses().entrySet()) {
                json.writeNumberField(Integer.toString(status.getKey()), status.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("status_names");
            for (Integer code : result.statuses().keySet()) {
                json.writeStringField(Integer.toString(code), statusName.apply(code));
            }
            json.writeEndObject();
            json.writeObjectFieldStart("bytes");
            json.writeNumberField("read", result.bytesRead());
            json.writeNumberField("written", result.bytesWritten());
            json.writeEndObject();
            JsonReport.pacing(json, result);
            json.writeObjectFieldStart("warmup");
            decimal(json, "duration_us", JsonReport.micros(result.spec().warmupNanos()));
            json.writeNumberField("responses", result.warmupResponses());
            json.writeEndObject();
            json.writeObjectFieldStart("latency");
            latency(json, "corrected", result.latencyNanos());
            latency(json, "uncorrected", result.uncorrectedLatencyNanos());
            json.writeEndObject();
            intervals(json, result);
            checks(json, checks);
            json.writeEndObject();
        }
    }

    /** The summary figures of {@code nanos} and its percentile spectrum, as HdrHistogram's table lists it. */
    private static void latency(JsonGenerator json, String name, Histogram nanos) throws IOException {
        ThreadStats stats = ThreadStats.of(nanos);
        json.writeObjectFieldStart(name);
        json.writeNumberField("count", nanos.getTotalCount());
        decimal(json, "min_us", JsonReport.micros(nanos.getTotalCount() == 0 ? 0 : nanos.getMinValue()));
        decimal(json, "mean_us", JsonReport.micros(Math.round(stats.mean())));
        decimal(json, "stdev_us", JsonReport.micros(Math.round(stats.stdev())));
        decimal(json, "max_us", JsonReport.micros(nanos.getMaxValue()));
        for (double percentile : HtmlReport.PERCENTILES) {
            decimal(json, HtmlReport.percentileField(percentile),
                    JsonReport.micros(nanos.getValueAtPercentile(percentile)));
        }
        // The iterator hands out one mutable value object, so each step is copied out before the next.
        List<SpectrumPoint> points = new ArrayList<>();
        for (HistogramIterationValue step : nanos.percentiles(TICKS_PER_HALF_DISTANCE)) {
            points.add(new SpectrumPoint(step.getPercentileLevelIteratedTo(), step.getValueIteratedTo(),
                    step.getTotalCountToThisValue()));
        }
        json.writeObjectFieldStart("spectrum");
        json.writeArrayFieldStart("percentile");
        for (SpectrumPoint point : points) {
            json.writeNumber(point.percentile());
        }
        json.writeEndArray();
        json.writeArrayFieldStart("value_us");
        for (SpectrumPoint point : points) {
            json.writeNumber(JsonReport.micros(point.valueNanos()));
        }
        json.writeEndArray();
        json.writeArrayFieldStart("total_count");
        for (SpectrumPoint point : points) {
            json.writeNumber(point.totalCount());
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    /**
     * The interval series as columns. Intervals that ended within the warm-up are left out, as in the interval
     * log; at a constant rate, {@code planned_requests} holds what the schedule planned for each interval.
     */
    private static void intervals(JsonGenerator json, RunResult result) throws IOException {
        RunSpec spec = result.spec();
        List<IntervalSummary> measured = new ArrayList<>();
        for (IntervalSummary interval : result.intervals()) {
            if (interval.startOffsetNanos() + interval.lengthNanos() > spec.warmupNanos()) {
                measured.add(interval);
            }
        }
        json.writeObjectFieldStart("intervals");
        micros(json, "start_offset_us", measured, IntervalSummary::startOffsetNanos);
        micros(json, "length_us", measured, IntervalSummary::lengthNanos);
        counts(json, "requests", measured, IntervalSummary::requests);
        counts(json, "errors", measured, IntervalSummary::errors);
        micros(json, "p50_us", measured, IntervalSummary::p50Nanos);
        micros(json, "p99_us", measured, IntervalSummary::p99Nanos);
        micros(json, "max_us", measured, IntervalSummary::maxNanos);
        if (spec.schedule() instanceof Schedule.OpenLoop open) {
            json.writeArrayFieldStart("planned_requests");
            for (IntervalSummary interval : measured) {
                long start = interval.startOffsetNanos();
                double planned = planned(open.fireTimes(), spec, start + interval.lengthNanos())
                        - planned(open.fireTimes(), spec, start);
                json.writeNumber(twoDecimals(planned));
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** Requests the schedule planned up to {@code offsetNanos}: none after the duration nor beyond {@code -n}. */
    private static double planned(FireTimes fireTimes, RunSpec spec, long offsetNanos) {
        long until = spec.durationNanos() > 0 ? Math.min(offsetNanos, spec.durationNanos()) : offsetNanos;
        double planned = fireTimes.plannedRequests(until);
        return spec.requestCount() > 0 ? Math.min(planned, (double) spec.requestCount()) : planned;
    }

    private static void checks(JsonGenerator json, List<HtmlReport.Check> checks) throws IOException {
        json.writeArrayFieldStart("checks");
        for (HtmlReport.Check check : checks) {
            json.writeStartObject();
            json.writeStringField("expression", check.expression());
            json.writeStringField("measured", check.measured());
            json.writeStringField("expected", check.expected());
            json.writeBooleanField("passed", check.passed());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void micros(JsonGenerator json, String name, List<IntervalSummary> intervals,
                               ToLongFunction<IntervalSummary> nanos) throws IOException {
        json.writeArrayFieldStart(name);
        for (IntervalSummary interval : intervals) {
            json.writeNumber(JsonReport.micros(nanos.applyAsLong(interval)));
        }
        json.writeEndArray();
    }

    private static void counts(JsonGenerator json, String name, List<IntervalSummary> intervals,
                               ToLongFunction<IntervalSummary> count) throws IOException {
        json.writeArrayFieldStart(name);
        for (IntervalSummary interval : intervals) {
            json.writeNumber(count.applyAsLong(interval));
        }
        json.writeEndArray();
    }

    private static void decimal(JsonGenerator json, String name, BigDecimal value) throws IOException {
        json.writeFieldName(name);
        json.writeNumber(value);
    }

    private static BigDecimal twoDecimals(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }

    private record SpectrumPoint(double percentile, long valueNanos, long totalCount) {
    }

    /** JSON's standard escapes, plus {@code < > &} as unicode escapes: the text can sit inside a script element. */
    private static final class ScriptSafeEscapes extends CharacterEscapes {
        private final int[] ascii;

        ScriptSafeEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
