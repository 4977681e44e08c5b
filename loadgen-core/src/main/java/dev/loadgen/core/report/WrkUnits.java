package dev.loadgen.core.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats numbers the way wrk's text report does, so that scripts written against wrk's output parse
 * loadgen's. Every value gets two decimals (the test duration none) and a unit: a value moves up to the next
 * unit once it reaches 85% of it, so 900 microseconds prints as {@code 0.90ms}.
 *
 * <p>wrk lists a top unit it can never reach (hours, and peta for counts and bytes): its loop stops one unit
 * short of the end of the list. The largest units here are therefore minutes and tera, like wrk's output.
 *
 * <p>Decimals are rounded from the exact binary value with ties to even, as C's {@code printf} does, rather
 * than with {@link java.util.Formatter}, which rounds 30.005 (stored as 30.00499...) up. The arithmetic is in
 * double precision where wrk uses {@code long double}; the two can differ only on values within a few ulps of
 * a rounding tie. Nothing depends on the default locale. Arguments must be finite and non-negative.
 *
 * <p>Pure functions: any thread.
 */
public final class WrkUnits {
    private static final Scale MICROS = new Scale(1000, "us", "ms");
    private static final Scale SECONDS = new Scale(60, "s", "m");
    private static final Scale BINARY = new Scale(1024, "", "K", "M", "G", "T");
    private static final Scale METRIC = new Scale(1000, "", "k", "M", "G", "T");
    private static final double MICROS_PER_SECOND = 1_000_000;

    private WrkUnits() {}

    /** A latency or run time given in microseconds: {@code 635.91us}, {@code 0.89ms}, {@code 30.00s}, {@code 1.50m}. */
    public static String formatMicros(double micros) {
        // Like wrk, anything from one second up is scaled in seconds and minutes, never in thousands of ms.
        if (micros >= MICROS_PER_SECOND) {
            return SECONDS.format(micros / MICROS_PER_SECOND, 2);
        }
        return MICROS.format(micros, 2);
    }

    /** A count or rate with metric prefixes: {@code 12.00}, {@code 56.20k}, {@code 1.20M}. */
    public static String formatMetric(double count) {
        return METRIC.format(count, 2);
    }

    /** A byte count with binary prefixes and a trailing {@code B}: {@code 512.00B}, {@code 17.76GB}. */
    public static String formatBytes(double bytes) {
        return BINARY.format(bytes, 2) + "B";
    }

    /** A test duration in whole seconds or minutes, as in wrk's first line: {@code 30s}, {@code 2m}. */
    public static String formatSeconds(double seconds) {
        return SECONDS.format(seconds, 0);
    }

    /** {@code value} with exactly {@code decimals} decimals, rounded as C's {@code printf("%.*f")} rounds. */
    static String fixed(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    // Never compared nor hashed, so equals and hashCode by array identity do no harm.
    @SuppressWarnings("ArrayRecordComponent")
    private record Scale(int factor, String base, String... units) {
        String format(double value, int decimals) {
            double threshold = factor * 0.85;
            double amount = value;
            String unit = base;
            for (int i = 0; i < units.length && amount >= threshold; i++) {
                amount /= factor;
                unit = units[i];
            }
            return fixed(amount, decimals) + unit;
        }
    }
}
