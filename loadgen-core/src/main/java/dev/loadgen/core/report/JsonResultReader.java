package dev.loadgen.core.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.core.ConstantRate;
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
import dev.loadgen.core.StopReason;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.TracedRequest;
import dev.loadgen.core.WorkerPart;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Reads a result that {@link JsonReport} wrote back into a {@link RunResult}, so that it can be rendered again.
 * The document is read as a tree (no reflection-based mapping). What the JSON does not hold comes back empty:
 * no headers or body, and an open-loop schedule comes back as a constant rate at the achieved target rate,
 * which is all a report needs of it.
 *
 * <p>Pure functions: any thread.
 */
public final class JsonResultReader {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonResultReader() {}

    /**
     * Reads a {@value JsonReport#SCHEMA} document, or a {@value JsonReport#SCHEMA_V1} one (saved baselines), whose
     * stop reason is worked out from what it holds ({@link #v1StopReason}).
     *
     * @throws IllegalArgumentException when {@code in} is neither
     */
    public static RunResult read(Reader in) throws IOException {
        return readDocument(in).result();
    }

    /**
     * A saved result with the protocol's own sections of it (the fields the core's writer does not write, such as
     * a protocol's object), so that a report made from the file carries them as the run's own report did.
     *
     * @param result           the run's result
     * @param protocolSections each of those fields, written back as it was saved
     */
    public record Document(RunResult result, List<JsonReport.Section> protocolSections) {
        public Document {
            protocolSections = List.copyOf(protocolSections);
        }
    }

    /** As {@link #read}, with the protocol's sections of the document. */
    public static Document readDocument(Reader in) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        String schema = root == null ? "" : root.path("schema").asText();
        if (!JsonReport.SCHEMA.equals(schema) && !JsonReport.SCHEMA_V1.equals(schema)) {
            throw new IllegalArgumentException("not a loadgen result (expected \"schema\": \"" + JsonReport.SCHEMA
                    + "\" or \"" + JsonReport.SCHEMA_V1 + "\")");
        }
        RunResult result;
        try {
            result = result(root);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("incomplete loadgen result: " + e.getMessage());
        }
        return new Document(result, protocolSections(root, result));
    }

    /** The top-level fields of {@code root} that the core's writer would not write for {@code result}. */
    private static List<JsonReport.Section> protocolSections(JsonNode root, RunResult result) throws IOException {
        JsonNode core = JsonReport.tree(result, "", List.of());
        List<JsonReport.Section> sections = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!core.has(field.getKey())) {
                sections.add(json -> {
                    json.writeFieldName(field.getKey());
                    MAPPER.writeTree(json, field.getValue());
                });
            }
        }
        return sections;
    }

    private static RunResult result(JsonNode root) {
        JsonNode pacingNode = root.path("pacing");
        PacingStats pacing = new PacingStats(
                required(pacingNode, "target_rate_per_second").doubleValue(),
                count(pacingNode, "late_sends"),
                nanos(pacingNode, "max_lateness_us"),
                count(pacingNode, "dropped"));
        Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, count(root.path("errors"), kind.name().toLowerCase(Locale.ROOT)));
        }
        Map<Integer, Long> statuses = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        root.path("status_codes").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            statuses.put(Integer.parseInt(entry.getKey()), entry.getValue().longValue());
        }
        List<IntervalSummary> intervals = new ArrayList<>();
        for (JsonNode interval : root.path("intervals")) {
            intervals.add(new IntervalSummary(
                    nanos(interval, "start_offset_us"),
                    nanos(interval, "length_us"),
                    count(interval, "requests"),
                    count(interval, "errors"),
                    nanos(interval, "p50_us"),
                    nanos(interval, "p99_us"),
                    nanos(interval, "max_us"),
                    slowest(interval.path("slowest"))));
        }
        JsonNode latency = root.path("latency");
        RunSpec spec = spec(root.path("parameters"), pacing);
        StopReason stopReason = JsonReport.SCHEMA_V1.equals(root.path("schema").asText())
                ? v1StopReason(root, spec, errors)
                : StopReason.ofJsonName(required(root, "stop_reason").asText());
        return RunResult.builder(spec)
                .stopReason(stopReason)
                .elapsedNanos(nanos(root, "elapsed_us"))
                .requests(count(root, "requests"))
                .errors(errors)
                .statuses(statuses)
                .bytesRead(count(root.path("bytes"), "read"))
                .bytesWritten(count(root.path("bytes"), "written"))
                .latencyNanos(histogram(latency.path("corrected")))
                .uncorrectedLatencyNanos(histogram(latency.path("uncorrected")))
                .requestsPerSecondPerThread(histogram(root.path("thread_requests_per_second")))
                .startEpochMillis(
                        Instant.parse(required(root, "start_time").asText()).toEpochMilli())
                .warmupResponses(count(root.path("warmup"), "responses"))
                .pacing(pacing)
                .intervals(intervals)
                .slowest(slowest(root.path("slowest")))
                .protocolStats(protocolStats(root.path("protocol_stats")))
                .runtime(runtime(root.path("runtime")))
                .intervalHistograms(intervalHistograms(root.path("distributed")))
                .distribution(distribution(root.path("distributed")))
                .build();
    }

    /**
     * A v1 result says only whether it was stopped on request ({@code interrupted}, the user or a gate: taken as
     * the user). Otherwise a run bounded by count that made its count of attempts (responses and failed requests)
     * ended for the count, any other run for its duration: one that gave up on an unreachable target reads as
     * ended by its duration or count.
     */
    private static StopReason v1StopReason(JsonNode root, RunSpec spec, Map<ErrorKind, Long> errors) {
        if (root.path("interrupted").asBoolean()) {
            return StopReason.INTERRUPTED;
        }
        if (spec.requestCount() == 0) {
            return StopReason.DURATION;
        }
        // An error status came with a response, and a failed connect with no request: neither is an attempt.
        long attempts = count(root, "requests") - errors.get(ErrorKind.STATUS) - errors.get(ErrorKind.CONNECT);
        for (long count : errors.values()) {
            attempts += count;
        }
        return spec.durationNanos() == 0 || attempts >= spec.requestCount() ? StopReason.COUNT : StopReason.DURATION;
    }

    private static RunSpec spec(JsonNode parameters, PacingStats pacing) {
        TargetSpec target = new TargetSpec(
                URI.create(required(parameters, "url").asText()),
                required(parameters, "method").asText(),
                List.of(),
                new byte[0],
                false);
        Schedule schedule = "open_loop".equals(required(parameters, "schedule").asText())
                ? new Schedule.OpenLoop(new ConstantRate(Math.max(1, Math.round(pacing.targetRatePerSecond()))), (int)
                        count(parameters, "backlog"))
                : Schedule.closedLoop();
        return new RunSpec(
                target,
                (int) count(parameters, "threads"),
                (int) count(parameters, "connections"),
                nanos(parameters, "duration_us"),
                count(parameters, "request_count"),
                nanos(parameters, "timeout_us"),
                schedule,
                (int) count(parameters, "in_flight_per_connection"),
                nanos(parameters, "warmup_us"));
    }

    private static Histogram histogram(JsonNode holder) {
        return HistogramCodec.decode(required(holder, "histogram").asText());
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing \"" + field + "\"");
        }
        return value;
    }

    private static long count(JsonNode node, String field) {
        return required(node, field).longValue();
    }

    /** A {@code _us} field with three decimals back to exact nanoseconds. */
    private static long nanos(JsonNode node, String field) {
        return required(node, field).decimalValue().movePointRight(3).longValue();
    }

    /** A result's {@code runtime}, or nothing known for a result without one; figures left out are unknown. */
    private static RuntimeActivity runtime(JsonNode runtime) {
        if (runtime.isMissingNode()) {
            return RuntimeActivity.NONE;
        }
        return new RuntimeActivity(
                required(runtime, "transport").asText(),
                runtime.has("jit_compiler_us") ? nanos(runtime, "jit_compiler_us") : RuntimeActivity.UNKNOWN,
                runtime.has("gc_us") ? nanos(runtime, "gc_us") : RuntimeActivity.UNKNOWN,
                runtime.has("gc_collections") ? count(runtime, "gc_collections") : RuntimeActivity.UNKNOWN,
                runtime.has("cpu_us") ? nanos(runtime, "cpu_us") : RuntimeActivity.UNKNOWN,
                runtime.path("native_image").asBoolean());
    }

    /** A result's place in a distributed run, or null for a run on one machine. */
    private static Distribution distribution(JsonNode distributed) {
        if (distributed.isMissingNode()) {
            return null;
        }
        List<WorkerPart> parts = new ArrayList<>();
        for (JsonNode part : distributed.path("parts")) {
            parts.add(new WorkerPart(
                    (int) count(part, "index"),
                    required(part, "host").asText(),
                    nanos(part, "start_skew_us"),
                    count(part, "requests"),
                    count(part, "errors"),
                    count(part, "late_sends"),
                    count(part, "dropped"),
                    nanos(part, "elapsed_us"),
                    required(part, "target_rate_per_second").doubleValue()));
        }
        return new Distribution(
                required(distributed, "run_id").asText(),
                (int) count(distributed, "workers"),
                parts,
                required(distributed, "partial").asBoolean());
    }

    private static List<IntervalHistograms> intervalHistograms(JsonNode distributed) {
        List<IntervalHistograms> intervals = new ArrayList<>();
        for (JsonNode interval : distributed.path("interval_histograms")) {
            intervals.add(new IntervalHistograms(
                    nanos(interval, "start_offset_us"),
                    nanos(interval, "length_us"),
                    HistogramCodec.decode(required(interval, "corrected").asText()),
                    HistogramCodec.decode(required(interval, "uncorrected").asText())));
        }
        return intervals;
    }

    /** A result's {@code protocol_stats}, or none for a protocol without them (and for older results). */
    private static ProtocolStats protocolStats(JsonNode stats) {
        if (stats.isMissingNode()) {
            return ProtocolStats.NONE;
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stats.path("counters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> counter = it.next();
            counters.put(counter.getKey(), counter.getValue().asLong());
        }
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stats.path("histograms").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> histogram = it.next();
            histograms.put(histogram.getKey(), histogram(histogram.getValue()));
        }
        Map<String, Long> messages = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        stats.path("error_messages").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> message = it.next();
            messages.put(message.getKey(), message.getValue().asLong());
        }
        return new ProtocolStats(counters, histograms, messages);
    }

    /** The slowest traced requests of a result or an interval; empty when the file has none. */
    private static List<TracedRequest> slowest(JsonNode array) {
        List<TracedRequest> slowest = new ArrayList<>();
        for (JsonNode request : array) {
            slowest.add(new TracedRequest(
                    nanos(request, "latency_us"),
                    (int) count(request, "status"),
                    required(request, "trace_id").asText(),
                    required(request, "span_id").asText(),
                    nanos(request, "end_offset_us")));
        }
        return slowest;
    }
}
