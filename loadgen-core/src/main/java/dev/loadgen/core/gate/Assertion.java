package dev.loadgen.core.gate;

/**
 * One pass/fail condition on a run, such as {@code p99<25ms}. Immutable.
 *
 * @param metric    what is compared
 * @param operator  how
 * @param threshold the value compared with, in the metric's unit (nanoseconds for latency, requests per second,
 *                  a count), or a percentage (0 to 100) when {@code percent}
 * @param percent   the metric is taken as a percentage of the attempted requests ({@code errors<0.1%})
 * @param text      the expression as the user typed it, trimmed
 */
public record Assertion(Metric metric, Operator operator, double threshold, boolean percent, String text) {

    /** Whether {@code measured} (in the unit of {@link #threshold}) passes. */
    public boolean passes(double measured) {
        return operator.test(measured, threshold);
    }

    /** The expected side as a reader wants it: {@code < 25.00ms}. */
    public String expected() {
        return operator.symbol() + " " + MetricFormat.value(metric, threshold, percent);
    }
}
