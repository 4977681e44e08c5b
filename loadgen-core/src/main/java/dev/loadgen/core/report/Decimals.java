package dev.loadgen.core.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The two ways the JSON result (and so the HTML report's data) writes a non-integer number, as plain decimals
 * without an exponent. Pure functions: any thread.
 */
final class Decimals {
    private Decimals() {}

    /** Nanoseconds as microseconds with three decimals: exact. */
    static BigDecimal micros(long nanos) {
        return BigDecimal.valueOf(nanos, 3);
    }

    /** A rate or a mean with two decimals, rounded half to even. */
    static BigDecimal twoDecimals(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }
}
