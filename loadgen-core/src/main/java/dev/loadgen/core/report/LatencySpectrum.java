package dev.loadgen.core.report;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;

/**
 * wrk2's latency block, printed with {@code --latency} for a constant-rate run:
 *
 * <pre>
 *   Latency Distribution (HdrHistogram - Recorded Latency)
 *  50.000%  611.00us
 *  ...
 * 100.000%   12.92ms
 *
 *   Detailed Percentile spectrum:
 *        Value     Percentile TotalCount 1/(1-Percentile)
 *   ...
 * #[Buckets =           32, SubBuckets     =         2048]
 * ----------------------------------------------------------
 * </pre>
 *
 * <p>The spectrum is HdrHistogram's own percentile table (five ticks per half distance, values in
 * milliseconds), as wrk2 prints it through the C port of the same code. The Java table prints its percentile
 * column with twelve decimals where the C one prints six; tools that read either parse both.
 *
 * <p>Pure functions: any thread.
 */
public final class LatencySpectrum {
    /** wrk2's heading for the corrected latency. */
    public static final String RECORDED = "Recorded Latency";
    /** wrk2's heading for {@code -U}. */
    public static final String UNCORRECTED =
            "Uncorrected Latency (measured without taking delayed starts into account)";

    private static final double[] PERCENTILES = {50, 75, 90, 99, 99.9, 99.99, 99.999, 100};
    private static final int TICKS_PER_HALF_DISTANCE = 5;
    private static final double NANOS_PER_MILLI = 1e6;
    private static final String RULE = "----------------------------------------------------------\n";

    private LatencySpectrum() {}

    /** The percentile lines, the detailed spectrum and the closing rule for {@code latencyNanos}. */
    public static String block(Histogram latencyNanos, String description) {
        StringBuilder out = new StringBuilder(4096);
        out.append("  Latency Distribution (HdrHistogram - ")
                .append(description)
                .append(")\n");
        for (double percentile : PERCENTILES) {
            out.append(WrkTextReport.pad(WrkUnits.fixed(percentile, 3), 7)).append('%');
            WrkTextReport.column(out, WrkUnits.formatMicros(latencyNanos.getValueAtPercentile(percentile) / 1e3), 10);
            out.append('\n');
        }
        out.append("\n  Detailed Percentile spectrum:\n");
        ByteArrayOutputStream table = new ByteArrayOutputStream(8192);
        try (PrintStream print = new PrintStream(table, false, StandardCharsets.UTF_8)) {
            latencyNanos.outputPercentileDistribution(print, TICKS_PER_HALF_DISTANCE, NANOS_PER_MILLI);
        }
        out.append(table.toString(StandardCharsets.UTF_8));
        out.append(RULE);
        return out.toString();
    }
}
