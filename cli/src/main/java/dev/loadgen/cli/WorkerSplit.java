package dev.loadgen.cli;

import dev.loadgen.core.EveryNthFireTimes;
import dev.loadgen.core.FireTimes;

/**
 * Worker {@code index}'s share of a run spread over {@code count} workers. Open loop: the requests {@code j} of the
 * one-machine schedule with {@code j mod count == index}, at that schedule's own times. Counts (connections,
 * {@code -n}, the backlog): an even split whose remainder goes to the first workers, so that the shares add up to
 * the whole exactly. Immutable.
 */
record WorkerSplit(int index, int count) {
    /** The whole run on one machine. */
    static final WorkerSplit WHOLE = new WorkerSplit(0, 1);

    WorkerSplit {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("worker " + index + " of " + count);
        }
    }

    /** This worker's share of {@code total}: floor or ceiling of total / count. */
    long share(long total) {
        return total / count + (index < total % count ? 1 : 0);
    }

    /** This worker's share of {@code whole}, or {@code whole} itself when there is one worker. */
    FireTimes fireTimes(FireTimes whole) {
        return count == 1 ? whole : new EveryNthFireTimes(whole, index, count);
    }
}
