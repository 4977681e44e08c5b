package dev.loadgen.core;

/**
 * How a worker paces its sends. Closed loop keeps every connection's capacity in flight; open loop sends each
 * request at the time its index is due, whatever the server does.
 */
public sealed interface Schedule permits Schedule.ClosedLoop, Schedule.OpenLoop {

    /** Each connection sends its next request as soon as a previous one completed. */
    record ClosedLoop() implements Schedule {}

    /**
     * Requests are due at {@code fireTimes}; worker {@code k} of {@code n} takes indices {@code k, k+n, ...}.
     * A due request that finds no free connection waits in a backlog of at most {@code backlogCapacity}
     * entries (in total, split over the workers); overflow is dropped and counted.
     */
    record OpenLoop(FireTimes fireTimes, int backlogCapacity) implements Schedule {
        public OpenLoop {
            if (backlogCapacity < 1) {
                throw new IllegalArgumentException("backlog capacity must be at least 1");
            }
        }
    }

    /** The closed-loop schedule. */
    static Schedule closedLoop() {
        return new ClosedLoop();
    }
}
