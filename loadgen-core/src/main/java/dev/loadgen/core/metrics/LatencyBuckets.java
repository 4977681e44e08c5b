package dev.loadgen.core.metrics;

import dev.loadgen.core.InputException;
import dev.loadgen.core.Quantities;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The upper bounds of the latency histogram's classic buckets on the metrics endpoint, and how a run's HdrHistogram
 * is cut into them. Immutable; any thread.
 */
public final class LatencyBuckets {
    /**
     * The default bounds, in seconds: 100 µs to 10 s in steps of 1, 2.5 and 5, which covers a fast local service
     * and a slow remote one with about three buckets per decade.
     */
    public static final String DEFAULT =
            "100us,250us,500us,1ms,2.5ms,5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2.5s,5s,10s";

    /** More buckets than this makes every scrape heavy for no gain in what a dashboard can show. */
    static final int MAX_BUCKETS = 100;

    private final long[] upperBoundsNanos;

    private LatencyBuckets(long[] upperBoundsNanos) {
        this.upperBoundsNanos = upperBoundsNanos;
    }

    /** The default bounds. */
    public static LatencyBuckets defaults() {
        try {
            return parse(DEFAULT);
        } catch (InputException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Bounds from a comma-separated list of durations, strictly increasing; a bare number is in seconds, as
     * Prometheus writes bucket bounds ({@code 0.005,0.01,0.025} or {@code 5ms,10ms,25ms}).
     *
     * @throws InputException for an empty list, a value that is not a positive duration, or bounds out of order
     */
    public static LatencyBuckets parse(String list) throws InputException {
        String[] parts = list.split(",", -1);
        if (parts.length > MAX_BUCKETS) {
            throw new InputException("--metrics-buckets: at most " + MAX_BUCKETS + " bounds");
        }
        long[] bounds = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long nanos;
            try {
                nanos = Quantities.parseDurationNanos(parts[i], TimeUnit.SECONDS);
            } catch (InputException e) {
                throw new InputException("--metrics-buckets: " + e.getMessage());
            }
            if (nanos <= 0) {
                throw new InputException("--metrics-buckets: '" + parts[i].trim() + "' is not a positive duration");
            }
            if (i > 0 && nanos <= bounds[i - 1]) {
                throw new InputException("--metrics-buckets: the bounds must increase ('" + parts[i].trim()
                        + "' after '" + parts[i - 1].trim() + "')");
            }
            bounds[i] = nanos;
        }
        return new LatencyBuckets(bounds);
    }

    /** The bounds in seconds, followed by +Inf, as the exposition formats write them. */
    double[] upperBoundsSeconds() {
        double[] seconds = new double[upperBoundsNanos.length + 1];
        for (int i = 0; i < upperBoundsNanos.length; i++) {
            seconds[i] = upperBoundsNanos[i] / 1e9;
        }
        seconds[upperBoundsNanos.length] = Double.POSITIVE_INFINITY;
        return seconds;
    }

    /**
     * The count of each bucket (not cumulative; the last is the +Inf bucket's own) of {@code histogram}
     * (nanoseconds). A value goes by the lowest value HdrHistogram holds as equivalent to it, so a bound cuts to
     * within the histogram's resolution (three significant digits); the counts add up to the histogram's exactly.
     */
    long[] counts(Histogram histogram) {
        long[] counts = new long[upperBoundsNanos.length + 1];
        for (HistogramIterationValue value : histogram.recordedValues()) {
            long lowest = histogram.lowestEquivalentValue(value.getValueIteratedTo());
            int bucket = Arrays.binarySearch(upperBoundsNanos, lowest);
            if (bucket < 0) {
                bucket = -bucket - 1;
            }
            counts[bucket] += value.getCountAtValueIteratedTo();
        }
        return counts;
    }

    /** Which bucket a latency of {@code nanos} falls in, by the same rule as {@link #counts}. */
    int bucketOf(Histogram histogram, long nanos) {
        int bucket = Arrays.binarySearch(upperBoundsNanos, histogram.lowestEquivalentValue(nanos));
        return bucket < 0 ? -bucket - 1 : bucket;
    }

    @Override
    public String toString() {
        return Arrays.toString(upperBoundsNanos);
    }
}
