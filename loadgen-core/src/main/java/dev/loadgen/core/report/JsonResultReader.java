package dev.loadgen.core.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.IntervalSummary;
import dev.loadgen.core.PacingStats;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
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
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonResultReader() {
    }

    /**
     * The run result that a JSON report holds.
     *
     * @throws IllegalArgumentException when {@code in} is not a {@value JsonReport#SCHEMA} document
     */
    public static RunResult read(Reader in) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !JsonReport.SCHEMA.equals(root.path("schema").asText())) {
            throw new IllegalArgumentException("not a loadgen result (expected \"schema\": \"" + JsonReport.SCHEMA + "\")");
        }
        try {
            return result(root);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("incomplete loadgen result: " + e.getMessage());
        }
    }

    private static RunResult result(JsonNode root) {
        JsonNode pacingNode = root.path("pacing");
        PacingStats pacing = new PacingStats(required(pacingNode, "target_rate_per_second").doubleValue(),
                count(pacingNode, "late_sends"), nanos(pacingNode, "max_lateness_us"), count(pacingNode, "dropped"));
        Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, count(root.path("errors"), kind.name().toLowerCase(Locale.ROOT)));
        }
        Map<Integer, Long> statuses = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("status_codes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            statuses.put(Integer.parseInt(entry.getKey()), entry.getValue().longValue());
        }
        List<IntervalSummary> intervals = new ArrayList<>();
        for (JsonNode interval : root.path("intervals")) {
            intervals.add(new IntervalSummary(nanos(interval, "start_offset_us"), nanos(interval, "length_us"),
                    count(interval, "requests"), count(interval, "errors"), nanos(interval, "p50_us"),
                    nanos(interval, "p99_us"), nanos(interval, "max_us")));
        }
        JsonNode latency = root.path("latency");
        return new RunResult(spec(root.path("parameters"), pacing), nanos(root, "elapsed_us"), count(root, "requests"),
                errors, statuses, count(root.path("bytes"), "read"), count(root.path("bytes"), "written"),
                histogram(latency.path("corrected")), histogram(latency.path("uncorrected")),
                histogram(root.path("thread_requests_per_second")), root.path("interrupted").asBoolean(),
                Instant.parse(required(root, "start_time").asText()).toEpochMilli(),
                count(root.path("warmup"), "responses"), pacing, intervals);
    }

    private static RunSpec spec(JsonNode parameters, PacingStats pacing) {
        TargetSpec target = new TargetSpec(URI.create(required(parameters, "url").asText()),
                required(parameters, "method").asText(), List.of(), new byte[0], false);
        Schedule schedule = "open_loop".equals(required(parameters, "schedule").asText())
                ? new Schedule.OpenLoop(new ConstantRate(Math.max(1, Math.round(pacing.targetRatePerSecond()))),
                        (int) count(parameters, "backlog"))
                : Schedule.closedLoop();
        return new RunSpec(target, (int) count(parameters, "threads"), (int) count(parameters, "connections"),
                nanos(parameters, "duration_us"), count(parameters, "request_count"), nanos(parameters, "timeout_us"),
                schedule, (int) count(parameters, "in_flight_per_connection"), nanos(parameters, "warmup_us"));
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
}
