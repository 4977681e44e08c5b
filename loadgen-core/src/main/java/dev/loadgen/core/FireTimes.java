package dev.loadgen.core;

/**
 * When each request of an open-loop run is due, as a function of its index alone, so that no rounding error
 * accumulates however long the run lasts. Implementations are immutable and safe on any thread.
 */
public interface FireTimes {
    /** Returned by {@link #fireTimeNanos} for an index the schedule never reaches. */
    long NEVER = Long.MAX_VALUE;

    /**
     * Offset from the run's start at which request {@code index} (0-based) is due; non-decreasing in
     * {@code index}; {@link #NEVER} past the schedule's end.
     */
    long fireTimeNanos(long index);

    /** How long the schedule lasts, or {@link Long#MAX_VALUE} when it never ends by itself. */
    long durationNanos();

    /** Requests the schedule plans in its first {@code offsetNanos}. */
    double plannedRequests(long offsetNanos);

    /** The highest rate the schedule reaches, in requests per second; sets how often a worker wakes to send. */
    double peakRatePerSecond();

    /**
     * The highest rate any schedule may ask for: one request per nanosecond, the resolution of the clock that
     * times them. Beyond it requests would share due times the clock cannot tell apart.
     */
    long MAX_RATE_PER_SECOND = 1_000_000_000L;

    /**
     * The number of requests due at or before {@code offsetNanos}, counted from index {@code from}, which must be
     * due by then: the first index after them, found in a number of steps that grows with the logarithm of the
     * count (so that a worker can drop a million overdue requests at once).
     */
    default long firstIndexDueAfter(long from, long offsetNanos) {
        long low = from;
        long step = 1;
        long high = from + step;
        while (fireTimeNanos(high) <= offsetNanos) {
            low = high;
            if (step > Long.MAX_VALUE / 4 - high) {
                return Long.MAX_VALUE;
            }
            step *= 2;
            high = low + step;
        }
        // fireTimeNanos(low) <= offsetNanos < fireTimeNanos(high)
        while (high - low > 1) {
            long middle = low + (high - low) / 2;
            if (fireTimeNanos(middle) <= offsetNanos) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return high;
    }
}
