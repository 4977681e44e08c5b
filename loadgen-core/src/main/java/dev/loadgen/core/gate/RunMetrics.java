package dev.loadgen.core.gate;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.RunResult;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures assertions and baselines compare, read from a run's result: the same values whether the result
 * comes straight from a run or from a saved {@code --json} file, since both hold the full histograms.
 *
 * <p>Attempts (the denominator of {@code errors<0.1%}) are the responses plus the errors that left no response
 * (connect, read, write, timeout, protocol); a response with an error status is one attempt, not two.
 *
 * <p>Immutable; any thread.
 */
public final class RunMetrics {
    private final Histogram corrected;
    private final Histogram uncorrected;
    private final double requestsPerSecond;
    private final long requests;
    private final Map<ErrorKind, Long> errors;
    private final Map<Integer, Long> statuses;
    private final long dropped;

    RunMetrics(
            Histogram corrected,
            Histogram uncorrected,
            double requestsPerSecond,
            long requests,
            Map<ErrorKind, Long> errors,
            Map<Integer, Long> statuses,
            long dropped) {
        this.corrected = corrected;
        this.uncorrected = uncorrected;
        this.requestsPerSecond = requestsPerSecond;
        this.requests = requests;
        this.errors = Map.copyOf(errors);
        this.statuses = Map.copyOf(statuses);
        this.dropped = dropped;
    }

    public static RunMetrics of(RunResult result) {
        Map<ErrorKind, Long> errors = new java.util.EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind, result.errors(kind));
        }
        return new RunMetrics(
                result.latencyNanos(),
                result.uncorrectedLatencyNanos(),
                result.requestsPerSecond(),
                result.requests(),
                errors,
                result.statuses(),
                result.pacing().dropped());
    }

    /** {@code metric} in its unit; NaN for a latency when no response was measured. */
    public double value(Metric metric) {
        Histogram latency = metric.uncorrected() ? uncorrected : corrected;
        if (metric.kind().latency() && latency.getTotalCount() == 0) {
            return Double.NaN;
        }
        return switch (metric.kind()) {
            case PERCENTILE -> latency.getValueAtPercentile(metric.percentile());
            case MAX -> latency.getMaxValue();
            case MEAN -> latency.getMean();
            case RPS -> requestsPerSecond;
            case ERRORS -> totalErrors();
            case TIMEOUTS -> errors.getOrDefault(ErrorKind.TIMEOUT, 0L);
            case STATUS_ERRORS -> errors.getOrDefault(ErrorKind.STATUS, 0L);
            case STATUS -> statuses.getOrDefault(metric.statusCode(), 0L);
            case DROPPED -> dropped;
        };
    }

    /** What {@code assertion} compares: the metric's value, or its percentage of the attempts (0 without any). */
    public double measure(Assertion assertion) {
        double value = value(assertion.metric());
        if (!assertion.percent()) {
            return value;
        }
        long attempts = attempts();
        return attempts == 0 ? 0 : value * 100.0 / attempts;
    }

    /** Responses plus the errors that left no response. */
    public long attempts() {
        return requests + totalErrors() - errors.getOrDefault(ErrorKind.STATUS, 0L);
    }

    private long totalErrors() {
        long total = 0;
        for (long count : errors.values()) {
            total += count;
        }
        return total;
    }
}
