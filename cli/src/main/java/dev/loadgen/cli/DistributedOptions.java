package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.StartAt;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Option;

/**
 * The options of a run spread over several worker processes: which share this process sends, the run they all
 * belong to, and the wall-clock instant they all start at. Main thread.
 */
final class DistributedOptions {
    /** The variable Kubernetes sets to the pod's index in an Indexed Job: the default of --worker-index. */
    static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

    static final int MAX_WORKERS = 10_000;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "This run is one of N workers (processes, pods) that together send the load the other "
                    + "options describe: worker I sends requests I, I+N, I+2N... of the schedule at its times, and an "
                    + "even share of -c, --connections, -n and --backlog. Combine the results with loadgen merge.")
    Integer workers;

    @Option(
            names = "--worker-index",
            paramLabel = "I",
            description = "This worker's index, 0 to N-1. Default: the JOB_COMPLETION_INDEX environment variable "
                    + "(set by a Kubernetes Indexed Job), else 0.")
    Integer workerIndex;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "The name every worker of the run is given, which loadgen merge checks. Default: the "
                    + "--start-at time, else a random one.")
    String runId;

    @Option(
            names = "--start-at",
            paramLabel = "TIME",
            converter = StartTimeConverter.class,
            description = "Resolve and connect, then start the schedule at TIME on the wall clock: RFC 3339 "
                    + "(2026-05-04T12:00:00Z) or milliseconds since the epoch. With -d, every worker also stops at "
                    + "the same instant.")
    Instant startAt;

    @Option(
            names = "--start-tolerance",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "With --start-at: refuse to run (exit code 4) when ready only later than this after "
                    + "TIME. Default: 1s.")
    long startToleranceNanos;

    /** The plan of this process: its share, its run, its start and its host. */
    WorkerPlan plan(Map<String, String> environment, InstantSource clock) throws InputException {
        if (startToleranceNanos < 0) {
            throw new InputException("--start-tolerance must not be negative");
        }
        StartAt start = startAt == null ? StartAt.now() : StartAt.at(startAt, startToleranceNanos, clock);
        boolean distributed = workers != null || workerIndex != null || runId != null;
        if (!distributed) {
            return new WorkerPlan(WorkerSplit.WHOLE, null, start, null);
        }
        int count = workers == null ? 1 : workers;
        if (count < 1 || count > MAX_WORKERS) {
            throw new InputException("--workers must be between 1 and " + MAX_WORKERS);
        }
        int index = index(environment, count);
        String id = runId != null
                ? runId
                : startAt != null ? startAt.toString() : UUID.randomUUID().toString();
        if (id.isBlank()) {
            throw new InputException("--run-id must not be empty");
        }
        return new WorkerPlan(new WorkerSplit(index, count), id, start, host(environment));
    }

    private int index(Map<String, String> environment, int count) throws InputException {
        String source = "--worker-index";
        long index;
        if (workerIndex != null) {
            index = workerIndex;
        } else if (environment.containsKey(JOB_COMPLETION_INDEX)) {
            source = JOB_COMPLETION_INDEX;
            try {
                index = Long.parseLong(environment.get(JOB_COMPLETION_INDEX).strip());
            } catch (NumberFormatException e) {
                throw new InputException(
                        JOB_COMPLETION_INDEX + " is not a number: '" + environment.get(JOB_COMPLETION_INDEX) + "'");
            }
        } else {
            index = 0;
        }
        if (index < 0 || index >= count) {
            throw new InputException(
                    source + " " + index + " is outside 0 to " + (count - 1) + " (--workers " + count + ")");
        }
        return (int) index;
    }

    /** The pod's name where Kubernetes runs it (HOSTNAME), else the machine's. */
    private static String host(Map<String, String> environment) {
        String name = environment.get("HOSTNAME");
        if (name != null && !name.isBlank()) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /**
     * What this process does in the run.
     *
     * @param split this process's share
     * @param runId the run's id, or null for a run on one machine
     * @param start when the schedule starts
     * @param host  the host name recorded in the result, or null for a run on one machine
     */
    record WorkerPlan(WorkerSplit split, String runId, StartAt start, String host) {
        boolean distributed() {
            return runId != null;
        }
    }
}
