package dev.loadgen.core.gate;

import dev.loadgen.core.Interval;
import dev.loadgen.core.RunCounts;
import dev.loadgen.core.RunObserver;
import java.util.List;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * {@code --abort-on-fail}: judges the running totals after every interval and stops the run at the first
 * assertion that can no longer pass. That is a ceiling ({@code <}, {@code <=}, {@code ==}) on a figure that only
 * grows during a run (errors, timeouts, status errors, a status count, dropped, max) that is already exceeded. A
 * percentage ceiling ({@code errors<1%}) could still be diluted by later requests, so it stops the run only once
 * {@value #MIN_ATTEMPTS_FOR_PERCENT} attempts have been seen and the running percentage exceeds it. Other
 * assertions (percentiles, mean, rps, floors) are judged only at the end.
 *
 * <p>Threading: {@link #onInterval} on the reporter thread; {@link #trippedBy} on any thread once the run is over.
 */
public final class AbortWatch implements RunObserver {
    /** Attempts needed before a running percentage is taken as the run's. */
    public static final long MIN_ATTEMPTS_FOR_PERCENT = 1000;

    private final List<Assertion> assertions;
    private final Supplier<RunCounts> counts;
    private final Runnable stop;
    private final RunObserver next;
    private final Histogram corrected = new Histogram(3);
    private final Histogram uncorrected = new Histogram(3);
    private volatile AssertionResult trippedBy;

    /**
     * @param counts where the running counters come from (the run)
     * @param stop   stops the run
     * @param next   the observer the intervals are passed on to
     */
    public AbortWatch(List<Assertion> assertions, Supplier<RunCounts> counts, Runnable stop, RunObserver next) {
        // Only a ceiling on a figure that grows can fail before the end; the others are not judged per interval.
        this.assertions = assertions.stream()
                .filter(a -> a.metric().growsDuringRun() && a.operator().isCeiling())
                .toList();
        this.counts = counts;
        this.stop = stop;
        this.next = next;
    }

    @Override
    public void onInterval(Interval interval) {
        next.onInterval(interval);
        if (interval.warmup() || trippedBy != null || assertions.isEmpty()) {
            return;
        }
        corrected.add(interval.corrected());
        uncorrected.add(interval.uncorrected());
        RunCounts now = counts.get();
        RunMetrics metrics =
                new RunMetrics(corrected, uncorrected, 0, now.requests(), now.errors(), now.statuses(), now.dropped());
        for (Assertion assertion : assertions) {
            AssertionResult result = AssertionResult.of(assertion, metrics);
            if (cannotPass(assertion, result.measured(), metrics.attempts())) {
                trippedBy = result;
                stop.run();
                return;
            }
        }
    }

    /** The assertion that stopped the run, with its value at that moment; null when the run was not stopped. */
    public AssertionResult trippedBy() {
        return trippedBy;
    }

    static boolean cannotPass(Assertion assertion, double measured, long attempts) {
        if (!assertion.metric().growsDuringRun() || !assertion.operator().isCeiling() || Double.isNaN(measured)) {
            return false;
        }
        if (assertion.percent() && attempts < MIN_ATTEMPTS_FOR_PERCENT) {
            return false;
        }
        return assertion.operator() == Operator.EQUAL ? measured > assertion.threshold() : !assertion.passes(measured);
    }
}
