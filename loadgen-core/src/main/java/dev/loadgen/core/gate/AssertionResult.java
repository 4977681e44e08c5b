package dev.loadgen.core.gate;

import dev.loadgen.core.RunResult;
import java.util.ArrayList;
import java.util.List;

/**
 * An assertion evaluated on a run. Immutable.
 *
 * @param assertion the assertion
 * @param measured  the measured value in the assertion's unit (NaN: nothing measured, which fails)
 * @param passed    whether the run passed it
 */
public record AssertionResult(Assertion assertion, double measured, boolean passed) {

    public static AssertionResult of(Assertion assertion, RunMetrics metrics) {
        double measured = metrics.measure(assertion);
        return new AssertionResult(assertion, measured, assertion.passes(measured));
    }

    /** Every assertion evaluated on {@code result}, in order. */
    public static List<AssertionResult> evaluate(List<Assertion> assertions, RunResult result) {
        return evaluate(assertions, RunMetrics.of(result));
    }

    /** Every assertion evaluated on {@code metrics}, in order. */
    public static List<AssertionResult> evaluate(List<Assertion> assertions, RunMetrics metrics) {
        List<AssertionResult> results = new ArrayList<>(assertions.size());
        for (Assertion assertion : assertions) {
            results.add(of(assertion, metrics));
        }
        return results;
    }

    /** The measured value with its unit: {@code 1.23ms}, {@code 0.5%}, {@code 12}. */
    public String measuredText() {
        return MetricFormat.value(assertion.metric(), measured, assertion.percent());
    }

    /** {@code measured 31.20ms, expected < 25.00ms}. */
    public String explanation() {
        return "measured " + measuredText() + ", expected " + assertion.expected();
    }
}
