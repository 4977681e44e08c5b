package dev.loadgen.core;

/**
 * The figures of one worker of a run spread over several processes, as the per-worker table of a merged result
 * shows them: a saturated or late worker stands out. Immutable.
 *
 * @param index          the worker's index, 0 to workers - 1
 * @param host           the host name the worker ran on
 * @param startSkewNanos how long after the shared start time its schedule started (0 when on time)
 * @param requests       its responses
 * @param errors         its errors of every kind
 * @param lateSends      its requests written more than 1 ms after they were due
 * @param dropped        its requests that were due but never sent
 * @param elapsedNanos   its measured window
 * @param targetRatePerSecond what its share of the schedule planned (0 in closed loop)
 */
public record WorkerPart(
        int index,
        String host,
        long startSkewNanos,
        long requests,
        long errors,
        long lateSends,
        long dropped,
        long elapsedNanos,
        double targetRatePerSecond) {

    /** Responses per second of its measured window. */
    public double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : requests * 1e9 / elapsedNanos;
    }

    /** The row of {@code result}, the whole result of worker {@code index}. */
    public static WorkerPart of(RunResult result, int index, String host, long startSkewNanos) {
        return new WorkerPart(
                index,
                host,
                startSkewNanos,
                result.requests(),
                result.totalErrors(),
                result.pacing().lateSends(),
                result.pacing().dropped(),
                result.elapsedNanos(),
                result.pacing().targetRatePerSecond());
    }
}
