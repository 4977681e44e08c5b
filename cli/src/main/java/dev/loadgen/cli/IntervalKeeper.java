package dev.loadgen.cli;

import dev.loadgen.core.Interval;
import dev.loadgen.core.IntervalHistograms;
import dev.loadgen.core.RunObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a copy of every measured interval's histograms for a worker's result, which {@code loadgen merge} adds up
 * into the whole run's interval log, and hands each interval on to {@code next}. Warm-up intervals are left out,
 * as in {@code --hlog}.
 *
 * <p>Threading: {@link #onInterval} on the reporter thread; {@link #kept} after the run on the thread that ran it.
 */
final class IntervalKeeper implements RunObserver {
    private final RunObserver next;
    private final List<IntervalHistograms> kept = new ArrayList<>();

    IntervalKeeper(RunObserver next) {
        this.next = next;
    }

    @Override
    public void onInterval(Interval interval) {
        if (!interval.warmup()) {
            kept.add(IntervalHistograms.of(interval));
        }
        next.onInterval(interval);
    }

    List<IntervalHistograms> kept() {
        return List.copyOf(kept);
    }
}
