package dev.loadgen.core.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * How a percentile is named wherever loadgen shows one, so that the JSON result, the HTML report and the gates
 * agree: {@code p50}, {@code p99.9}, and as a field of microseconds {@code p50_us}, {@code p99_9_us}. Pure; any
 * thread.
 */
public final class Percentiles {
    /** The percentiles every latency summary of the JSON result and the HTML report holds, in order. */
    public static final List<Double> SUMMARY = List.of(50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 99.99);

    private Percentiles() {}

    /** {@code p} and the percentile without trailing zeros: 50 is {@code p50}, 99.90 is {@code p99.9}. */
    public static String label(double percentile) {
        String digits = percentile == Math.rint(percentile)
                ? Long.toString((long) percentile)
                : BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
        return "p" + digits;
    }

    /** The JSON field of a percentile in microseconds: 50 is {@code p50_us}, 99.9 is {@code p99_9_us}. */
    public static String field(double percentile) {
        return label(percentile).replace('.', '_') + "_us";
    }
}
