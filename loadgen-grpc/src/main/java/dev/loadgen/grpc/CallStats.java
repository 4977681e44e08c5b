package dev.loadgen.grpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Stream figures and error messages of one event loop: written only on that loop, read after the run. Recording
 * a message allocates nothing; an error message is counted in a map (errors are not the hot path).
 */
public final class CallStats {
    private static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private final Histogram messageLatencyNanos = new Histogram(1, HIGHEST_NANOS, 3);
    private final Map<String, Long> errors = new HashMap<>();
    private long messagesSent;
    private long messagesReceived;

    /** A streamed message arrived {@code nanos} after the previous one (or after the call started). */
    void recordMessageReceived(long nanos, boolean streaming) {
        messagesReceived++;
        if (streaming) {
            messageLatencyNanos.recordValue(Math.min(Math.max(nanos, 1), HIGHEST_NANOS));
        }
    }

    void recordMessageSent() {
        messagesSent++;
    }

    void recordError(String message) {
        errors.merge(message, 1L, Long::sum);
    }

    /** Everything merged over the loops. */
    public record Summary(long messagesSent, long messagesReceived, Histogram messageLatencyNanos,
                          Map<String, Long> errorMessages) {
        /** Error messages, most frequent first. */
        public List<Map.Entry<String, Long>> topErrors(int limit) {
            List<Map.Entry<String, Long>> entries = new ArrayList<>(errorMessages.entrySet());
            entries.sort((a, b) -> b.getValue().equals(a.getValue()) ? a.getKey().compareTo(b.getKey())
                    : Long.compare(b.getValue(), a.getValue()));
            return entries.subList(0, Math.min(limit, entries.size()));
        }
    }

    static Summary merge(List<CallStats> all) {
        Histogram latency = new Histogram(1, HIGHEST_NANOS, 3);
        Map<String, Long> errors = new LinkedHashMap<>();
        long sent = 0;
        long received = 0;
        for (CallStats stats : all) {
            latency.add(stats.messageLatencyNanos);
            stats.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            sent += stats.messagesSent;
            received += stats.messagesReceived;
        }
        return new Summary(sent, received, latency, errors);
    }
}
