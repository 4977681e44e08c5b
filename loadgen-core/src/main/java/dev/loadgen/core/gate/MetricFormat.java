package dev.loadgen.core.gate;

import dev.loadgen.core.report.WrkUnits;
import java.util.Locale;

/** Formats metric values for reports: latency in wrk's units, rates with two decimals, whole counts. Pure; any thread. */
public final class MetricFormat {
    private MetricFormat() {}

    /** {@code value} in {@code metric}'s unit, or as a percentage; {@code n/a} for NaN (nothing measured). */
    public static String value(Metric metric, double value, boolean percent) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (percent) {
            return trim(String.format(Locale.ROOT, "%.4f", value)) + "%";
        }
        if (metric.kind().latency()) {
            return WrkUnits.formatMicros(value / 1000.0);
        }
        if (metric.kind() == Metric.Kind.RPS) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return value == Math.rint(value)
                ? Long.toString((long) value)
                : trim(String.format(Locale.ROOT, "%.4f", value));
    }

    /** A relative change in percent with its sign: {@code +12.50%}; {@code n/a} when undefined. */
    public static String change(double percent) {
        if (Double.isNaN(percent)) {
            return "n/a";
        }
        if (Double.isInfinite(percent)) {
            return percent > 0 ? "+inf%" : "-inf%";
        }
        return String.format(Locale.ROOT, "%+.2f%%", percent);
    }

    private static String trim(String decimal) {
        String trimmed = decimal.replaceAll("0+$", "");
        return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
