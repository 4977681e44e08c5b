package dev.loadgen.core;

/**
 * How a worker paces its sends. Closed loop keeps a fixed number of requests in flight on every connection;
 * open-loop schedules (fire times computed from the request index) implement this interface too.
 */
public sealed interface Schedule permits Schedule.ClosedLoop {

    /** Each connection sends its next request as soon as its previous response completed. */
    record ClosedLoop() implements Schedule {
    }

    /** The closed-loop schedule. */
    static Schedule closedLoop() {
        return new ClosedLoop();
    }
}
