package dev.loadgen.grpc;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.report.WrkTextReport;
import dev.loadgen.core.report.WrkUnits;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Reports of a gRPC run: wrk's layout with gRPC's status names and error messages added, or ghz's summary.
 * Pure functions; any thread.
 */
public final class GrpcReport {
    private static final int TOP_ERRORS = 10;
    private static final int[] GHZ_PERCENTILES = {10, 25, 50, 75, 90, 95, 99};

    private GrpcReport() {}

    /** What a report is made of. */
    public record Input(RunResult result, CallStats.Summary summary, GrpcDriver.Prepared method) {}

    /** wrk's two opening lines, with the calls in flight next to the connections that carry them. */
    public static String header(RunSpec spec, int concurrentCalls) {
        String wrk = WrkTextReport.header(spec);
        int cut = wrk.indexOf('\n') + 1;
        return wrk.substring(0, cut) + "  " + spec.threads() + " threads and " + spec.connections() + " connections, "
                + concurrentCalls + " concurrent calls\n";
    }

    /**
     * wrk's report, where error statuses are "Non-OK responses", followed by the stream figures (streaming
     * methods), the status code distribution and the most frequent error messages; with wrk2's uncorrected block
     * for a constant-rate run when asked.
     */
    public static String wrk(Input input, boolean latencyDistribution, boolean uncorrected) {
        RunResult result = input.result();
        StringBuilder out = new StringBuilder(
                WrkTextReport.results(result, latencyDistribution, uncorrected, GrpcStatusNames.INSTANCE));
        CallStats.Summary summary = input.summary();
        boolean streams = input.method() != null
                && (input.method().method().isClientStreaming()
                        || input.method().method().isServerStreaming());
        if (streams) {
            double seconds = result.elapsedNanos() / 1e9;
            out.append("Messages/sec: sent ")
                    .append(fixed(rate(summary.messagesSent(), seconds)))
                    .append(", received ")
                    .append(fixed(rate(summary.messagesReceived(), seconds)))
                    .append(" (")
                    .append(summary.messagesSent())
                    .append(" sent, ")
                    .append(summary.messagesReceived())
                    .append(" received)\n");
            Histogram messages = summary.messageLatencyNanos();
            if (messages.getTotalCount() > 0) {
                out.append("Message latency (gap between received messages): avg ")
                        .append(WrkUnits.formatMicros(messages.getMean() / 1000))
                        .append(", p50 ")
                        .append(WrkUnits.formatMicros(messages.getValueAtPercentile(50) / 1000.0))
                        .append(", p99 ")
                        .append(WrkUnits.formatMicros(messages.getValueAtPercentile(99) / 1000.0))
                        .append(", max ")
                        .append(WrkUnits.formatMicros(messages.getMaxValue() / 1000.0))
                        .append('\n');
            }
        }
        if (!result.statuses().isEmpty()) {
            out.append("Status code distribution:\n");
            for (Map.Entry<Integer, Long> entry : result.statuses().entrySet()) {
                out.append("  [")
                        .append(GrpcStatusNames.nameOf(entry.getKey()))
                        .append("]\t")
                        .append(entry.getValue())
                        .append(" responses\n");
            }
        }
        if (!summary.errorMessages().isEmpty()) {
            out.append("Error distribution:\n");
            for (Map.Entry<String, Long> entry : summary.topErrors(TOP_ERRORS)) {
                out.append("  [")
                        .append(entry.getValue())
                        .append("]\t")
                        .append(entry.getKey())
                        .append('\n');
            }
            CallStats.Omitted omitted = summary.omittedErrors(TOP_ERRORS);
            if (omitted.messages() > 0) {
                out.append("  ").append(omitted.line("\t")).append('\n');
            }
        }
        return out.toString();
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static double rate(long count, double seconds) {
        return seconds <= 0 ? 0 : count / seconds;
    }

    /** ghz's summary layout (printer/template.go): tab separated, times in milliseconds. */
    public static String ghz(Input input) {
        RunResult result = input.result();
        Histogram latency = result.uncorrectedLatencyNanos();
        long failedWithoutStatus = result.errors(ErrorKind.CONNECT)
                + result.errors(ErrorKind.READ)
                + result.errors(ErrorKind.WRITE)
                + timeoutsWithoutStatus(result)
                + result.errors(ErrorKind.PROTOCOL);
        long count = result.requests() + failedWithoutStatus;
        double totalSeconds = result.elapsedNanos() / 1e9;
        StringBuilder out = new StringBuilder(1024);
        out.append("\nSummary:\n");
        out.append("  Count:\t").append(count).append('\n');
        out.append("  Total:\t").append(millis(result.elapsedNanos())).append('\n');
        boolean any = latency.getTotalCount() > 0;
        out.append("  Slowest:\t")
                .append(millis(any ? latency.getMaxValue() : 0))
                .append('\n');
        out.append("  Fastest:\t")
                .append(millis(any ? latency.getMinValue() : 0))
                .append('\n');
        out.append("  Average:\t")
                .append(millis(any ? (long) latency.getMean() : 0))
                .append('\n');
        out.append("  Requests/sec:\t")
                .append(String.format(Locale.ROOT, "%.2f", rate(count, totalSeconds)))
                .append("\n\n");
        out.append("Response time histogram:\n");
        if (any) {
            histogram(out, latency);
        }
        out.append("\nLatency distribution:");
        if (any) {
            for (int percentile : GHZ_PERCENTILES) {
                out.append("\n  ")
                        .append(percentile)
                        .append(" % in ")
                        .append(millis(latency.getValueAtPercentile(percentile)))
                        .append(' ');
            }
        }
        out.append("\n\n");
        if (!result.statuses().isEmpty()) {
            out.append("Status code distribution:");
            for (Map.Entry<Integer, Long> entry : result.statuses().entrySet()) {
                out.append("\n  [")
                        .append(GrpcStatusNames.nameOf(entry.getKey()))
                        .append("]\t")
                        .append(entry.getValue())
                        .append(" responses");
            }
            out.append('\n');
        }
        Map<String, Long> errors = input.summary().errorMessages();
        if (!errors.isEmpty() || failedWithoutStatus > 0) {
            out.append("\nError distribution:");
            for (Map.Entry<String, Long> entry : input.summary().topErrors(TOP_ERRORS)) {
                out.append("\n  [").append(entry.getValue()).append("]\t").append(entry.getKey());
            }
            CallStats.Omitted omitted = input.summary().omittedErrors(TOP_ERRORS);
            if (omitted.messages() > 0) {
                out.append("\n  ").append(omitted.line("\t"));
            }
            for (ErrorKind kind : new ErrorKind[] {
                ErrorKind.CONNECT, ErrorKind.READ, ErrorKind.WRITE, ErrorKind.TIMEOUT, ErrorKind.PROTOCOL
            }) {
                long failed = kind == ErrorKind.TIMEOUT ? timeoutsWithoutStatus(result) : result.errors(kind);
                if (failed > 0) {
                    out.append("\n  [")
                            .append(failed)
                            .append("]\t")
                            .append(kind.name().toLowerCase(Locale.ROOT))
                            .append(" error");
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * Timeouts that are not calls ending in DeadlineExceeded: those are counted as timeouts too, but they are
     * responses, already in the count and the status and error distributions.
     */
    private static long timeoutsWithoutStatus(RunResult result) {
        return result.errors(ErrorKind.TIMEOUT) - result.statuses().getOrDefault(GrpcCall.DEADLINE_EXCEEDED, 0L);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    /** Ten buckets from fastest to slowest, each counting the calls up to its mark; bars scaled to 40 marks. */
    private static void histogram(StringBuilder out, Histogram latency) {
        long fastest = latency.getMinValue();
        long slowest = latency.getMaxValue();
        int buckets = 10;
        long[] marks = new long[buckets + 1];
        long[] counts = new long[buckets + 1];
        double step = (slowest - fastest) / (double) buckets;
        for (int i = 0; i < buckets; i++) {
            marks[i] = fastest + Math.round(step * i);
        }
        marks[buckets] = slowest;
        for (HistogramIterationValue value : latency.recordedValues()) {
            long v = latency.highestEquivalentValue(value.getValueIteratedTo());
            int bucket = 0;
            while (bucket < buckets && v > marks[bucket]) {
                bucket++;
            }
            counts[bucket] += value.getCountAtValueIteratedTo();
        }
        long max = 0;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        for (int i = 0; i <= buckets; i++) {
            int bar = max == 0 ? 0 : (int) (counts[i] * 40 / max);
            out.append("  ")
                    .append(String.format(Locale.ROOT, "%.3f", marks[i] / 1e6))
                    .append(" [")
                    .append(counts[i])
                    .append("]\t|")
                    .append("∎".repeat(bar))
                    .append('\n');
        }
    }
}
