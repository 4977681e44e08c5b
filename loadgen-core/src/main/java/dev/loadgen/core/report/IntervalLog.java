package dev.loadgen.core.report;

import dev.loadgen.core.Interval;
import dev.loadgen.core.IntervalHistograms;
import dev.loadgen.core.RunObserver;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes every measured interval to an HdrHistogram interval log (HistogramLogWriter's format, log format
 * 1.3): two lines per interval, tagged {@value #CORRECTED} and {@value #UNCORRECTED}. Values are nanoseconds,
 * the unit HdrHistogram's own tools assume by default (HistogramLogProcessor's {@code -outputValueUnitRatio}
 * of 1e6 prints milliseconds), and the max column of each line is in milliseconds, as HistogramLogWriter
 * writes it. Warm-up intervals are left out, so the log's totals equal the run's.
 *
 * <p>Threading: {@link #onInterval} runs on the reporter thread; {@link #finish} is called on the same thread
 * after the run, or after {@code execute} returned.
 */
public final class IntervalLog implements RunObserver {
    public static final String CORRECTED = "corrected";
    public static final String UNCORRECTED = "uncorrected";
    private static final double NANOS_PER_MILLI = 1e6;

    private final PrintStream stream;
    private final HistogramLogWriter writer;
    // The engine reuses the interval's histograms, and the writer takes the tag from the histogram.
    private Histogram corrected;
    private Histogram uncorrected;
    private long startEpochMillis = -1;

    /** Writes to {@code out}; {@link #finish} flushes it but does not close it. */
    public IntervalLog(OutputStream out) {
        this.stream = new PrintStream(out, false, StandardCharsets.UTF_8);
        this.writer = new HistogramLogWriter(stream);
    }

    @Override
    public void onInterval(Interval interval) {
        if (startEpochMillis < 0) {
            // The engine reports offsets from its start, not the wall-clock time of it; the end of the first
            // interval is now, which places the start to within a millisecond.
            long endOffsetNanos = interval.startOffsetNanos() + interval.lengthNanos();
            header(System.currentTimeMillis() - Math.round(endOffsetNanos / NANOS_PER_MILLI));
        }
        if (interval.warmup()) {
            return;
        }
        corrected = tagged(corrected, interval.corrected(), CORRECTED);
        uncorrected = tagged(uncorrected, interval.uncorrected(), UNCORRECTED);
        // Seconds from the BaseTime, as jHiccup writes them; readers add the BaseTime back.
        double start = interval.startOffsetNanos() / 1e9;
        double end = start + interval.lengthNanos() / 1e9;
        writer.outputIntervalHistogram(start, end, corrected, NANOS_PER_MILLI);
        writer.outputIntervalHistogram(start, end, uncorrected, NANOS_PER_MILLI);
    }

    /**
     * Writes saved intervals, such as the merged ones of a distributed run, under a header that starts the log at
     * {@code startEpochMillis}; instead of {@link #onInterval}, before {@link #finish}. Caller's thread.
     */
    public void writeAll(long startEpochMillis, List<IntervalHistograms> intervals) {
        header(startEpochMillis);
        for (IntervalHistograms interval : intervals) {
            corrected = tagged(corrected, interval.corrected(), CORRECTED);
            uncorrected = tagged(uncorrected, interval.uncorrected(), UNCORRECTED);
            double start = interval.startOffsetNanos() / 1e9;
            double end = start + interval.lengthNanos() / 1e9;
            writer.outputIntervalHistogram(start, end, corrected, NANOS_PER_MILLI);
            writer.outputIntervalHistogram(start, end, uncorrected, NANOS_PER_MILLI);
        }
    }

    private void header(long startMillis) {
        startEpochMillis = startMillis;
        writer.outputComment("loadgen interval log: latency in nanoseconds, tags " + CORRECTED
                + " (from the intended send time) and " + UNCORRECTED + " (from the actual write)");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputBaseTime(startMillis);
        writer.outputLegend();
    }

    private static Histogram tagged(Histogram mine, Histogram source, String tag) {
        Histogram copy = mine == null
                ? new Histogram(
                        source.getLowestDiscernibleValue(),
                        source.getHighestTrackableValue(),
                        source.getNumberOfSignificantValueDigits())
                : mine;
        copy.reset();
        copy.add(source);
        copy.setTag(tag);
        return copy;
    }

    /**
     * Flushes what was written, with a header even when no interval came (a run shorter than the engine's
     * first interval); {@code true} when nothing failed along the way.
     */
    public boolean finish() {
        if (startEpochMillis < 0) {
            header(System.currentTimeMillis());
        }
        stream.flush();
        return !stream.checkError();
    }
}
