package dev.loadgen.core.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One row of wrk's "Thread Stats" table, in the histogram's own unit. Computed as wrk's stats.c computes it:
 * the standard deviation is the sample one (divided by n - 1, zero below two samples) and "+/- Stdev" is the
 * percentage of samples within one standard deviation of the mean, bounds included. Each histogram bucket
 * counts as its median equivalent value, the value HdrHistogram's own mean uses; the maximum is HdrHistogram's
 * (the top of its bucket). An empty histogram gives zeros throughout.
 *
 * <p>Immutable: any thread.
 */
record ThreadStats(double mean, double stdev, double max, double withinStdevPercent) {

    /** Reads {@code histogram} without modifying it; the caller must not record into it meanwhile. */
    static ThreadStats of(Histogram histogram) {
        long count = histogram.getTotalCount();
        if (count == 0) {
            return new ThreadStats(0, 0, 0, 0);
        }
        double mean = histogram.getMean();
        double squares = 0;
        for (HistogramIterationValue bucket : histogram.recordedValues()) {
            double deviation = valueOf(histogram, bucket) - mean;
            squares += deviation * deviation * bucket.getCountAtValueIteratedTo();
        }
        double stdev = count < 2 ? 0 : Math.sqrt(squares / (count - 1));
        long within = 0;
        for (HistogramIterationValue bucket : histogram.recordedValues()) {
            double value = valueOf(histogram, bucket);
            if (value >= mean - stdev && value <= mean + stdev) {
                within += bucket.getCountAtValueIteratedTo();
            }
        }
        return new ThreadStats(mean, stdev, histogram.getMaxValue(), within * 100.0 / count);
    }

    private static double valueOf(Histogram histogram, HistogramIterationValue bucket) {
        return histogram.medianEquivalentValue(bucket.getValueIteratedTo());
    }
}
