package dev.loadgen.core.report;

import static dev.loadgen.core.report.Decimals.micros;
import static dev.loadgen.core.report.Decimals.twoDecimals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.loadgen.core.Distribution;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.IntervalHistograms;
import dev.loadgen.core.IntervalSummary;
import dev.loadgen.core.PacingStats;
import dev.loadgen.core.ProtocolStats;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.RuntimeActivity;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TracedRequest;
import dev.loadgen.core.WorkerPart;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A run's result as JSON, described by the versioned JSON Schema {@value #SCHEMA_RESOURCE} (draft 2020-12).
 * Times are microseconds with three decimals (exact nanoseconds), in fields whose names end in {@code _us};
 * both latency histograms and the per-thread rate samples are included in HdrHistogram's compressed base64
 * encoding ({@link HistogramCodec}) so that saved results can be merged and re-rendered.
 *
 * <p>The document is streamed with Jackson's generator rather than mapped from annotated classes, which keeps
 * native images free of reflection metadata. Header values are never written and URL secrets are masked as in
 * the text report. A change that breaks readers of {@value #SCHEMA} gets a new schema version.
 *
 * <p>Pure functions: any thread.
 */
public final class JsonReport {
    /** The value of the document's {@code schema} field. */
    public static final String SCHEMA = "loadgen-result-v2";
    /** Where the schema of {@link #SCHEMA} lives on the class path. */
    public static final String SCHEMA_RESOURCE = "/dev/loadgen/core/report/result-v2.schema.json";
    /**
     * The previous version, which {@link JsonResultReader} still reads: the same document without
     * {@code stop_reason}.
     */
    public static final String SCHEMA_V1 = "loadgen-result-v1";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();
    /** Builds trees that keep each decimal as written (three decimals for microseconds), as the file has it. */
    private static final ObjectMapper TREES = JsonMapper.builder(FACTORY)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private JsonReport() {}

    /**
     * A protocol's own figures, written as one more top-level field after the common ones, so that the core
     * need not know them (a protocol's names for its statuses, say).
     */
    public interface Section {
        /** Writes one field: its name and its value. */
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * The start of every document as {@link #writeLine} writes it, which picks a result out of any text around it
     * (a pod's log, say).
     */
    public static final String LINE_MARKER = "{\"schema\":\"" + SCHEMA + "\"";

    /** Writes {@code result} to {@code out}, pretty-printed, followed by a newline; does not close {@code out}. */
    public static void write(RunResult result, String toolVersion, Writer out) throws IOException {
        write(result, toolVersion, List.of(), out);
    }

    /** As {@link #write(RunResult, String, Writer)}, with the driver's {@code sections} at the end. */
    public static void write(RunResult result, String toolVersion, List<Section> sections, Writer out)
            throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            document(json, result, toolVersion, sections);
        }
        out.write('\n');
        out.flush();
    }

    /**
     * As {@link #write(RunResult, String, List, Writer)}, on one line that starts with {@link #LINE_MARKER}, followed
     * by a newline: a result in a log that other lines interleave with.
     */
    public static void writeLine(RunResult result, String toolVersion, List<Section> sections, Writer out)
            throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            document(json, result, toolVersion, sections);
        }
        out.write('\n');
        out.flush();
    }

    /**
     * The document {@link #write(RunResult, String, List, Writer)} writes, as a tree, for the HTML report to carry:
     * one writer for both, so that the page's figures are the JSON result's, the protocol's sections included.
     */
    static ObjectNode tree(RunResult result, String toolVersion, List<Section> sections) throws IOException {
        try (TokenBuffer buffer = new TokenBuffer(TREES, false)) {
            document(buffer, result, toolVersion, sections);
            try (JsonParser parser = buffer.asParser(TREES)) {
                return TREES.readTree(parser);
            }
        }
    }

    private static void document(JsonGenerator json, RunResult result, String toolVersion, List<Section> sections)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("schema", SCHEMA);
        json.writeObjectFieldStart("tool");
        json.writeStringField("name", "loadgen");
        json.writeStringField("version", toolVersion);
        json.writeEndObject();
        parameters(json, result.spec());
        json.writeStringField(
                "start_time", Instant.ofEpochMilli(result.startEpochMillis()).toString());
        field(json, "elapsed_us", micros(result.elapsedNanos()));
        // "interrupted" keeps its v1 meaning, stopped on request (by the user or a gate); stop_reason says which.
        json.writeBooleanField("interrupted", result.stopReason().requested());
        json.writeStringField("stop_reason", result.stopReason().jsonName());
        json.writeNumberField("requests", result.requests());
        errors(json, result);
        json.writeObjectFieldStart("status_codes");
        for (Map.Entry<Integer, Long> status : result.statuses().entrySet()) {
            json.writeNumberField(Integer.toString(status.getKey()), status.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("bytes");
        json.writeNumberField("read", result.bytesRead());
        json.writeNumberField("written", result.bytesWritten());
        json.writeEndObject();
        field(json, "requests_per_second", twoDecimals(result.requestsPerSecond()));
        field(json, "bytes_read_per_second", twoDecimals(result.bytesReadPerSecond()));
        pacing(json, result);
        json.writeObjectFieldStart("warmup");
        field(json, "duration_us", micros(result.spec().warmupNanos()));
        json.writeNumberField("responses", result.warmupResponses());
        json.writeEndObject();
        json.writeObjectFieldStart("latency");
        latency(json, "corrected", result.latencyNanos());
        latency(json, "uncorrected", result.uncorrectedLatencyNanos());
        json.writeEndObject();
        threadRates(json, result.requestsPerSecondPerThread());
        intervals(json, result);
        slowest(json, result.slowest());
        protocolStats(json, result.protocolStats());
        runtime(json, result.runtime());
        distribution(json, result);
        for (Section section : sections) {
            section.write(json);
        }
        json.writeEndObject();
    }

    /** The run's parameters, with the URL's password and secret parameters masked; never headers or bodies. */
    private static void parameters(JsonGenerator json, RunSpec spec) throws IOException {
        json.writeObjectFieldStart("parameters");
        json.writeStringField("url", spec.target().displayUrl());
        json.writeStringField("method", spec.target().method());
        json.writeNumberField("threads", spec.threads());
        json.writeNumberField("connections", spec.connections());
        json.writeNumberField("in_flight_per_connection", spec.inFlightPerConnection());
        field(json, "duration_us", micros(spec.durationNanos()));
        json.writeNumberField("request_count", spec.requestCount());
        field(json, "timeout_us", micros(spec.timeoutNanos()));
        field(json, "warmup_us", micros(spec.warmupNanos()));
        if (spec.schedule() instanceof Schedule.OpenLoop open) {
            json.writeStringField("schedule", "open_loop");
            json.writeNumberField("backlog", open.backlogCapacity());
        } else {
            json.writeStringField("schedule", "closed_loop");
        }
        json.writeEndObject();
    }

    private static void errors(JsonGenerator json, RunResult result) throws IOException {
        json.writeObjectFieldStart("errors");
        json.writeNumberField("total", result.totalErrors());
        for (ErrorKind kind : ErrorKind.values()) {
            json.writeNumberField(kind.name().toLowerCase(Locale.ROOT), result.errors(kind));
        }
        json.writeEndObject();
    }

    private static void pacing(JsonGenerator json, RunResult result) throws IOException {
        PacingStats pacing = result.pacing();
        json.writeObjectFieldStart("pacing");
        json.writeBooleanField("open_loop", pacing.openLoop());
        field(json, "target_rate_per_second", twoDecimals(pacing.targetRatePerSecond()));
        field(json, "achieved_rate_per_second", twoDecimals(pacing.openLoop() ? result.requestsPerSecond() : 0));
        json.writeNumberField("late_sends", pacing.lateSends());
        field(json, "max_lateness_us", micros(pacing.maxLatenessNanos()));
        json.writeNumberField("dropped", pacing.dropped());
        json.writeEndObject();
    }

    /**
     * A latency summary in microseconds (count, min, mean, stdev, max, percentiles) with the histogram in
     * HdrHistogram's compressed base64, as the field {@code name}: the form every latency in the result takes.
     */
    public static void latency(JsonGenerator json, String name, Histogram nanos) throws IOException {
        ThreadStats stats = ThreadStats.of(nanos);
        json.writeObjectFieldStart(name);
        json.writeNumberField("count", nanos.getTotalCount());
        field(json, "min_us", micros(nanos.getTotalCount() == 0 ? 0 : nanos.getMinValue()));
        field(json, "mean_us", micros(Math.round(stats.mean())));
        field(json, "stdev_us", micros(Math.round(stats.stdev())));
        field(json, "max_us", micros(nanos.getMaxValue()));
        for (double percentile : Percentiles.SUMMARY) {
            field(json, Percentiles.field(percentile), micros(nanos.getValueAtPercentile(percentile)));
        }
        json.writeStringField("histogram", HistogramCodec.encode(nanos));
        json.writeEndObject();
    }

    private static void threadRates(JsonGenerator json, Histogram rates) throws IOException {
        ThreadStats stats = ThreadStats.of(rates);
        json.writeObjectFieldStart("thread_requests_per_second");
        field(json, "mean", twoDecimals(stats.mean()));
        field(json, "stdev", twoDecimals(stats.stdev()));
        field(json, "max", twoDecimals(stats.max()));
        json.writeStringField("histogram", HistogramCodec.encode(rates));
        json.writeEndObject();
    }

    private static void intervals(JsonGenerator json, RunResult result) throws IOException {
        json.writeArrayFieldStart("intervals");
        for (IntervalSummary interval : result.intervals()) {
            json.writeStartObject();
            field(json, "start_offset_us", micros(interval.startOffsetNanos()));
            field(json, "length_us", micros(interval.lengthNanos()));
            json.writeNumberField("requests", interval.requests());
            json.writeNumberField("errors", interval.errors());
            field(json, "p50_us", micros(interval.p50Nanos()));
            field(json, "p99_us", micros(interval.p99Nanos()));
            field(json, "max_us", micros(interval.maxNanos()));
            slowest(json, interval.slowest());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** The slowest traced requests, left out when there are none. */
    private static void slowest(JsonGenerator json, List<TracedRequest> slowest) throws IOException {
        if (slowest.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("slowest");
        for (TracedRequest request : slowest) {
            json.writeStartObject();
            field(json, "latency_us", micros(request.latencyNanos()));
            json.writeNumberField("status", request.status());
            json.writeStringField("trace_id", request.traceId());
            json.writeStringField("span_id", request.spanId());
            field(json, "end_offset_us", micros(request.endOffsetNanos()));
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /**
     * The protocol's own figures, so that two results of the same protocol add up: counters, histograms (nanoseconds)
     * and failures by message. Left out for a protocol that records none.
     */
    private static void protocolStats(JsonGenerator json, ProtocolStats stats) throws IOException {
        if (stats.counters().isEmpty()
                && stats.histograms().isEmpty()
                && stats.errorMessages().isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("protocol_stats");
        json.writeObjectFieldStart("counters");
        for (Map.Entry<String, Long> counter : stats.counters().entrySet()) {
            json.writeNumberField(counter.getKey(), counter.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("histograms");
        for (Map.Entry<String, Histogram> histogram : stats.histograms().entrySet()) {
            latency(json, histogram.getKey(), histogram.getValue());
        }
        json.writeEndObject();
        json.writeObjectFieldStart("error_messages");
        for (Map.Entry<String, Long> message : stats.errorMessages().entrySet()) {
            json.writeNumberField(message.getKey(), message.getValue());
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    /** What the runtime did in the measured window; the figures it does not give are left out. */
    private static void runtime(JsonGenerator json, RuntimeActivity runtime) throws IOException {
        if (!runtime.known()) {
            return;
        }
        json.writeObjectFieldStart("runtime");
        json.writeStringField("transport", runtime.transport());
        json.writeBooleanField("native_image", runtime.nativeImage());
        if (runtime.compilerNanos() != RuntimeActivity.UNKNOWN) {
            field(json, "jit_compiler_us", micros(runtime.compilerNanos()));
        }
        if (runtime.gcNanos() != RuntimeActivity.UNKNOWN) {
            field(json, "gc_us", micros(runtime.gcNanos()));
        }
        if (runtime.gcCollections() != RuntimeActivity.UNKNOWN) {
            json.writeNumberField("gc_collections", runtime.gcCollections());
        }
        if (runtime.cpuNanos() != RuntimeActivity.UNKNOWN) {
            field(json, "cpu_us", micros(runtime.cpuNanos()));
        }
        json.writeEndObject();
    }

    /**
     * A worker's or a merged result's place in a distributed run, with each worker's row, and the measured
     * intervals' histograms it kept for the merged interval log. Left out for a run on one machine.
     */
    private static void distribution(JsonGenerator json, RunResult result) throws IOException {
        Distribution distribution = result.distribution();
        if (distribution == null) {
            return;
        }
        json.writeObjectFieldStart("distributed");
        json.writeStringField("run_id", distribution.runId());
        json.writeNumberField("workers", distribution.workers());
        json.writeBooleanField("merged", distribution.merged());
        json.writeBooleanField("partial", distribution.partial());
        json.writeArrayFieldStart("parts");
        for (WorkerPart part : distribution.parts()) {
            json.writeStartObject();
            json.writeNumberField("index", part.index());
            json.writeStringField("host", part.host());
            field(json, "start_skew_us", micros(part.startSkewNanos()));
            json.writeNumberField("requests", part.requests());
            json.writeNumberField("errors", part.errors());
            json.writeNumberField("late_sends", part.lateSends());
            json.writeNumberField("dropped", part.dropped());
            field(json, "elapsed_us", micros(part.elapsedNanos()));
            field(json, "target_rate_per_second", twoDecimals(part.targetRatePerSecond()));
            field(json, "requests_per_second", twoDecimals(part.requestsPerSecond()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("interval_histograms");
        for (IntervalHistograms interval : result.intervalHistograms()) {
            json.writeStartObject();
            field(json, "start_offset_us", micros(interval.startOffsetNanos()));
            field(json, "length_us", micros(interval.lengthNanos()));
            json.writeStringField("corrected", HistogramCodec.encode(interval.corrected()));
            json.writeStringField("uncorrected", HistogramCodec.encode(interval.uncorrected()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void field(JsonGenerator json, String name, BigDecimal value) throws IOException {
        json.writeFieldName(name);
        json.writeNumber(value);
    }
}
