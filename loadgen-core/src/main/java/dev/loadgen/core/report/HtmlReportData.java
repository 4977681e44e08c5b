package dev.loadgen.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadgen.core.FireTimes;
import dev.loadgen.core.Header;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The one JSON object an HTML report carries in its {@code loadgen-data} script element: the run's {@code --json}
 * result as {@link JsonReport} writes it, plus what only the page needs, each in a field of its own: the header
 * names ({@code parameters.header_names}), how status codes read ({@code status_names}), each latency's percentile
 * spectrum ({@code latency.*.spectrum}), the measured intervals as columns, the shape the charts draw from
 * ({@code interval_series}), and the checks.
 *
 * <p>Written with {@code <}, {@code >} and {@code &} as JSON's unicode escapes, so that no value (a URL, an
 * assertion such as {@code p99<25ms}) can end the script element or open a tag. Header values never appear, only
 * header names; the URL's user info is masked as in the text report.
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
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private HtmlReportData() {}

    /**
     * Writes the object to {@code out} on one line; does not close {@code out}.
     *
     * @param sections the protocol's sections of the JSON result, carried by the page like the rest of it
     */
    static void write(
            RunResult result,
            String toolVersion,
            List<JsonReport.Section> sections,
            List<HtmlReport.Check> checks,
            IntFunction<String> statusName,
            Writer out)
            throws IOException {
        ObjectNode data = JsonReport.tree(result, toolVersion, sections);
        if (data.get("distributed") instanceof ObjectNode distributed) {
            // The page charts the interval summaries; the workers' interval histograms would only make it heavier.
            distributed.remove("interval_histograms");
        }
        ArrayNode headerNames = ((ObjectNode) data.get("parameters")).putArray("header_names");
        for (Header header : result.spec().target().headers()) {
            headerNames.add(header.name());
        }
        ObjectNode statusNames = data.putObject("status_names");
        for (Integer code : result.statuses().keySet()) {
            statusNames.put(Integer.toString(code), statusName.apply(code));
        }
        spectrum((ObjectNode) data.at("/latency/corrected"), result.latencyNanos());
        spectrum((ObjectNode) data.at("/latency/uncorrected"), result.uncorrectedLatencyNanos());
        intervalSeries(data, result.spec());
        ArrayNode checkList = data.putArray("checks");
        for (HtmlReport.Check check : checks) {
            checkList
                    .addObject()
                    .put("expression", check.expression())
                    .put("measured", check.measured())
                    .put("expected", check.expected())
                    .put("passed", check.passed());
        }
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            MAPPER.writeTree(json, data);
        }
    }

    /** The percentile spectrum of {@code nanos}, as HdrHistogram's table lists it, into its latency summary. */
    private static void spectrum(ObjectNode latency, Histogram nanos) {
        ObjectNode spectrum = latency.putObject("spectrum");
        ArrayNode percentiles = spectrum.putArray("percentile");
        ArrayNode values = spectrum.putArray("value_us");
        ArrayNode counts = spectrum.putArray("total_count");
        for (HistogramIterationValue step : nanos.percentiles(TICKS_PER_HALF_DISTANCE)) {
            percentiles.add(step.getPercentileLevelIteratedTo());
            values.add(Decimals.micros(step.getValueIteratedTo()));
            counts.add(step.getTotalCountToThisValue());
        }
    }

    /**
     * The result's intervals as columns, taken from its {@code intervals}. Intervals that ended within the warm-up
     * are left out, as in the interval log; at a constant rate, {@code planned_requests} holds what the schedule
     * planned for each interval.
     */
    private static void intervalSeries(ObjectNode data, RunSpec spec) {
        List<JsonNode> measured = new ArrayList<>();
        for (JsonNode interval : data.get("intervals")) {
            long endNanos = nanos(interval.get("start_offset_us")) + nanos(interval.get("length_us"));
            if (endNanos > spec.warmupNanos()) {
                measured.add(interval);
            }
        }
        ObjectNode series = data.putObject("interval_series");
        for (String field :
                List.of("start_offset_us", "length_us", "requests", "errors", "p50_us", "p99_us", "max_us")) {
            ArrayNode column = series.putArray(field);
            for (JsonNode interval : measured) {
                column.add(interval.get(field));
            }
        }
        if (spec.schedule() instanceof Schedule.OpenLoop open) {
            ArrayNode planned = series.putArray("planned_requests");
            for (JsonNode interval : measured) {
                long start = nanos(interval.get("start_offset_us"));
                long end = start + nanos(interval.get("length_us"));
                planned.add(Decimals.twoDecimals(
                        planned(open.fireTimes(), spec, end) - planned(open.fireTimes(), spec, start)));
            }
        }
    }

    /** A {@code _us} value, written with three decimals, back to nanoseconds. */
    private static long nanos(JsonNode micros) {
        return micros.decimalValue().movePointRight(3).longValueExact();
    }

    /** Requests the schedule planned up to {@code offsetNanos}: none after the duration nor beyond {@code -n}. */
    private static double planned(FireTimes fireTimes, RunSpec spec, long offsetNanos) {
        long until = spec.durationNanos() > 0 ? Math.min(offsetNanos, spec.durationNanos()) : offsetNanos;
        double planned = fireTimes.plannedRequests(until);
        return spec.requestCount() > 0 ? Math.min(planned, (double) spec.requestCount()) : planned;
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
