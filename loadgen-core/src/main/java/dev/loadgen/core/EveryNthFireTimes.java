package dev.loadgen.core;

/**
 * One worker's share of a schedule spread over {@code count} processes: the requests {@code j} of the whole
 * schedule with {@code j mod count == index}, each at the whole schedule's own time. Its request {@code i} is the
 * whole schedule's request {@code i * count + index}, so the shares of every index together are the whole
 * schedule, and the workers' sends interleave instead of firing together. Immutable.
 *
 * @param whole the schedule of the run as one machine would send it
 * @param index this share's index, 0 to {@code count - 1}
 * @param count how many shares the schedule is split into
 */
public record EveryNthFireTimes(FireTimes whole, int index, int count) implements FireTimes {
    public EveryNthFireTimes {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("share " + index + " of " + count);
        }
    }

    /** The whole schedule's index of this share's request {@code index}; -1 past what a long holds. */
    public long wholeIndex(long shareIndex) {
        if (shareIndex > (Long.MAX_VALUE - index) / count) {
            return -1;
        }
        return shareIndex * count + index;
    }

    @Override
    public long fireTimeNanos(long shareIndex) {
        long wholeIndex = wholeIndex(shareIndex);
        return wholeIndex < 0 ? NEVER : whole.fireTimeNanos(wholeIndex);
    }

    @Override
    public long durationNanos() {
        return whole.durationNanos();
    }

    /** The share's part of the whole plan: the shares' plans add up to the whole's. */
    @Override
    public double plannedRequests(long offsetNanos) {
        return whole.plannedRequests(offsetNanos) / count;
    }

    @Override
    public double peakRatePerSecond() {
        return whole.peakRatePerSecond() / count;
    }
}
