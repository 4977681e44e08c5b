package dev.loadgen.core.metrics;

import dev.loadgen.core.LoadRun;
import java.util.concurrent.TimeUnit;

/**
 * What the health endpoints answer, for Kubernetes' liveness and readiness probes. Any thread; cheap: a probe
 * reads counters the workers publish on their timers and never waits for a loop.
 */
public interface RunHealth {
    /**
     * How long a worker's loop may go without ticking (its timers run at most 50 ms apart) before the process
     * counts as not live: long enough for a stop-the-world pause on a loaded machine.
     */
    long MAX_SILENCE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Null when the process is live, otherwise why not. */
    String notLive();

    /** Null when load is flowing (the run started, connections open), otherwise why not. */
    String notReady();

    /** The health of {@code run}. */
    static RunHealth of(LoadRun run) {
        return new RunHealth() {
            @Override
            public String notLive() {
                return run.workersTicking(MAX_SILENCE_NANOS)
                        ? null
                        : "a worker's event loop has not ticked for "
                                + TimeUnit.NANOSECONDS.toSeconds(MAX_SILENCE_NANOS) + " s";
            }

            @Override
            public String notReady() {
                if (run.finished()) {
                    return "the run has finished";
                }
                if (!run.running()) {
                    return "the run has not started";
                }
                return run.openConnections() > 0 ? null : "no connection to the target is open";
            }
        };
    }
}
