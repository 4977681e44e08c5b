package dev.loadgen.core;

/**
 * How well an open-loop run kept its schedule. Immutable.
 *
 * @param targetRatePerSecond requests per second the schedule planned over the measured window (0: closed loop)
 * @param lateSends           requests written more than 1 ms after they were due
 * @param maxLatenessNanos    the most any request was written after it was due
 * @param dropped             requests that were due but never sent: the backlog was full, or the run ended
 */
public record PacingStats(double targetRatePerSecond, long lateSends, long maxLatenessNanos, long dropped) {
    /** The figures of a closed-loop run, which has no schedule to keep. */
    public static final PacingStats CLOSED_LOOP = new PacingStats(0, 0, 0, 0);

    public boolean openLoop() {
        return targetRatePerSecond > 0;
    }
}
