package dev.loadgen.core;

/**
 * The validated, immutable description of a run. Built once by the command line; nothing downstream
 * validates it again, so the constructor rejects what the engine could not run.
 *
 * @param target          where requests go and what they carry
 * @param threads         event loops, one worker each
 * @param connections     connections in total, spread evenly over the workers
 * @param durationNanos   stop sending after this long; 0 for no time limit
 * @param requestCount    stop after this many requests in total; 0 for no count limit
 * @param timeoutNanos    a request without a complete response after this long is a timeout error
 * @param schedule        how sends are paced
 * @param inFlightPerConnection requests a connection may have in flight at once (1 where a connection carries
 *                        one request at a time; more where the protocol multiplexes)
 * @param warmupNanos     the first part of the run, whose responses are counted apart and not recorded
 * @param tracing         which requests carry a trace context, and how many of the slowest the reports keep
 */
public record RunSpec(
        TargetSpec target,
        int threads,
        int connections,
        long durationNanos,
        long requestCount,
        long timeoutNanos,
        Schedule schedule,
        int inFlightPerConnection,
        long warmupNanos,
        Tracing tracing) {
    public RunSpec {
        if (tracing == null) {
            throw new IllegalArgumentException("tracing must not be null");
        }
        if (warmupNanos < 0 || (warmupNanos > 0 && durationNanos > 0 && warmupNanos >= durationNanos)) {
            throw new IllegalArgumentException("warm-up must be shorter than the run");
        }
        if (inFlightPerConnection < 1) {
            throw new IllegalArgumentException("in-flight requests per connection must be at least 1");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (connections < threads) {
            throw new IllegalArgumentException("connections must be at least threads");
        }
        if (durationNanos < 0 || requestCount < 0 || (durationNanos == 0 && requestCount == 0)) {
            throw new IllegalArgumentException("a run needs a positive duration or request count");
        }
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /** A run whose requests carry no trace context. */
    public RunSpec(
            TargetSpec target,
            int threads,
            int connections,
            long durationNanos,
            long requestCount,
            long timeoutNanos,
            Schedule schedule,
            int inFlightPerConnection,
            long warmupNanos) {
        this(
                target,
                threads,
                connections,
                durationNanos,
                requestCount,
                timeoutNanos,
                schedule,
                inFlightPerConnection,
                warmupNanos,
                Tracing.NONE);
    }

    /** Connections owned by worker {@code index}: an even split, the first workers taking the remainder. */
    public int connectionsOf(int index) {
        return connections / threads + (index < connections % threads ? 1 : 0);
    }

    /** Requests worker {@code index} sends when the run is bounded by count, split like connections. */
    public long requestsOf(int index) {
        return requestCount / threads + (index < requestCount % threads ? 1 : 0);
    }
}
