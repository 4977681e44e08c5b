package dev.loadgen.core;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * One reporting interval, merged over the workers by the reporter thread. The histograms (nanoseconds) are
 * reused after {@link RunObserver#onInterval} returns: an observer that keeps them must copy them.
 *
 * @param startOffsetNanos when the interval began, from the run's start
 * @param lengthNanos      how long it lasted
 * @param corrected        latencies from the intended send time of responses completed in the interval
 * @param uncorrected      latencies from the actual write
 * @param requests         responses completed in the interval (warm-up excluded)
 * @param errors           errors of every kind in the interval
 * @param warmup           whether the interval ended within the warm-up
 * @param totals           the measured part of the run so far, at the interval's end
 * @param slowest          the interval's slowest traced requests, slowest first (empty without tracing)
 */
public record Interval(
        long startOffsetNanos,
        long lengthNanos,
        Histogram corrected,
        Histogram uncorrected,
        long requests,
        long errors,
        boolean warmup,
        RunTotals totals,
        List<TracedRequest> slowest) {}
