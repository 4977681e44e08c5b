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
}
