package dev.loadgen.core;

import java.util.List;

/**
 * The few figures of one interval that are kept for the whole run (for time series in reports), small enough
 * that memory does not grow with more than a few dozen bytes a second.
 *
 * @param startOffsetNanos when the interval began, from the run's start
 * @param lengthNanos      its length
 * @param requests         responses completed in it
 * @param errors           errors in it
 * @param p50Nanos         median corrected latency (0 without responses)
 * @param p99Nanos         99th percentile corrected latency
 * @param maxNanos         highest corrected latency
 * @param slowest          the slowest traced requests of the interval, slowest first (empty without tracing)
 */
public record IntervalSummary(
        long startOffsetNanos,
        long lengthNanos,
        long requests,
        long errors,
        long p50Nanos,
        long p99Nanos,
        long maxNanos,
        List<TracedRequest> slowest) {

    public IntervalSummary {
        slowest = List.copyOf(slowest);
    }

    /** An interval without traced requests. */
    public IntervalSummary(
            long startOffsetNanos,
            long lengthNanos,
            long requests,
            long errors,
            long p50Nanos,
            long p99Nanos,
            long maxNanos) {
        this(startOffsetNanos, lengthNanos, requests, errors, p50Nanos, p99Nanos, maxNanos, List.of());
    }

    static IntervalSummary of(Interval interval) {
        var h = interval.corrected();
        boolean empty = h.getTotalCount() == 0;
        return new IntervalSummary(
                interval.startOffsetNanos(),
                interval.lengthNanos(),
                interval.requests(),
                interval.errors(),
                empty ? 0 : h.getValueAtPercentile(50),
                empty ? 0 : h.getValueAtPercentile(99),
                empty ? 0 : h.getMaxValue(),
                interval.slowest());
    }
}
