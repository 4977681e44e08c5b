package dev.loadgen.grpc;

import dev.loadgen.core.ProtocolStats;
import dev.loadgen.core.StatsSchema;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures of gRPC calls beyond the core's, recorded through the core's recorder on its windows (so a warm-up
 * leaves them out like everything else, and results add up): stream messages each way, the gap between received
 * messages of a stream, and failed calls by grpc-go's error text. Constants and a pure summary; any thread.
 */
final class CallStats {
    static final int MESSAGES_SENT = 0;
    static final int MESSAGES_RECEIVED = 1;
    static final int MESSAGE_GAP = 0;

    /** The counters and histogram, in the order of the indices above. */
    static final StatsSchema SCHEMA =
            new StatsSchema(List.of("messages_sent", "messages_received"), List.of("message_gap"));

    private CallStats() {}

    /** A run's gRPC figures, read from its result. */
    record Summary(
            long messagesSent, long messagesReceived, Histogram messageLatencyNanos, Map<String, Long> errorMessages) {
        static Summary of(ProtocolStats stats) {
            return new Summary(
                    stats.counter(SCHEMA.counters().get(MESSAGES_SENT)),
                    stats.counter(SCHEMA.counters().get(MESSAGES_RECEIVED)),
                    stats.histogram(SCHEMA.histograms().get(MESSAGE_GAP)),
                    stats.errorMessages());
        }

        /** Error messages, most frequent first. */
        List<Map.Entry<String, Long>> topErrors(int limit) {
            List<Map.Entry<String, Long>> entries = List.copyOf(errorMessages.entrySet());
            return entries.subList(0, Math.min(limit, entries.size()));
        }

        /** The error messages {@link #topErrors} leaves out with {@code limit}, and the failed calls they count. */
        Omitted omittedErrors(int limit) {
            long messages = 0;
            long calls = 0;
            int rank = 0;
            for (long count : errorMessages.values()) {
                if (rank++ >= limit) {
                    messages++;
                    calls += count;
                }
            }
            return new Omitted(messages, calls);
        }
    }

    /** Error messages left out of a list, and the failed calls they count. */
    record Omitted(long messages, long calls) {
        /** The line that says what a list of error messages left out, in the layout of its entries. */
        String line(String separator) {
            return "[" + calls + "]" + separator + "(" + messages + " more message" + (messages == 1 ? "" : "s")
                    + "; the --json result's protocol_stats lists every one)";
        }
    }
}
