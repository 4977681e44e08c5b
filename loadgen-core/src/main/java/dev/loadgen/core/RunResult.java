package dev.loadgen.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The measured outcome of a run, merged from every worker. Immutable once built; safe to hand to any sink.
 * Latency histograms hold nanoseconds; the request-rate histogram holds one sample per worker and sampling
 * interval, in requests per second.
 */
public final class RunResult {
    private final RunSpec spec;
    private final long elapsedNanos;
    private final long requests;
    private final EnumMap<ErrorKind, Long> errors;
    private final SortedMap<Integer, Long> statuses;
    private final long bytesRead;
    private final long bytesWritten;
    private final Histogram latencyNanos;
    private final Histogram uncorrectedLatencyNanos;
    private final Histogram requestsPerSecondPerThread;
    private final boolean interrupted;
    private final long startEpochMillis;
    private final long warmupResponses;
    private final PacingStats pacing;
    private final List<IntervalSummary> intervals;

    /** A closed-loop result without warm-up or intervals, as tests and re-rendered reports build it. */
    public RunResult(RunSpec spec, long elapsedNanos, long requests, Map<ErrorKind, Long> errors,
                     Map<Integer, Long> statuses, long bytesRead, long bytesWritten, Histogram latencyNanos,
                     Histogram uncorrectedLatencyNanos, Histogram requestsPerSecondPerThread, boolean interrupted) {
        this(spec, elapsedNanos, requests, errors, statuses, bytesRead, bytesWritten, latencyNanos,
                uncorrectedLatencyNanos, requestsPerSecondPerThread, interrupted, 0, 0, PacingStats.CLOSED_LOOP,
                List.of());
    }

    /**
     * @param elapsedNanos    the measured window: from the end of the warm-up to the last completion
     * @param startEpochMillis wall-clock time the run started
     * @param warmupResponses responses to requests sent during the warm-up, not in any other figure
     */
    public RunResult(RunSpec spec, long elapsedNanos, long requests, Map<ErrorKind, Long> errors,
                     Map<Integer, Long> statuses, long bytesRead, long bytesWritten, Histogram latencyNanos,
                     Histogram uncorrectedLatencyNanos, Histogram requestsPerSecondPerThread, boolean interrupted,
                     long startEpochMillis, long warmupResponses, PacingStats pacing,
                     List<IntervalSummary> intervals) {
        this.startEpochMillis = startEpochMillis;
        this.warmupResponses = warmupResponses;
        this.pacing = pacing;
        this.intervals = List.copyOf(intervals);
        this.spec = spec;
        this.elapsedNanos = elapsedNanos;
        this.requests = requests;
        this.errors = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.all()) {
            this.errors.put(kind, errors.getOrDefault(kind, 0L));
        }
        this.statuses = Collections.unmodifiableSortedMap(new TreeMap<>(statuses));
        this.bytesRead = bytesRead;
        this.bytesWritten = bytesWritten;
        this.latencyNanos = latencyNanos.copy();
        this.uncorrectedLatencyNanos = uncorrectedLatencyNanos.copy();
        this.requestsPerSecondPerThread = requestsPerSecondPerThread.copy();
        this.interrupted = interrupted;
    }

    public RunSpec spec() {
        return spec;
    }

    /** Wall time from the end of the warm-up (the start, without one) until the last request completed or failed. */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** Complete responses, whatever their status. */
    public long requests() {
        return requests;
    }

    public long errors(ErrorKind kind) {
        return errors.get(kind);
    }

    /** Every error: socket errors, timeouts, error statuses and protocol errors. */
    public long totalErrors() {
        long sum = 0;
        for (long count : errors.values()) {
            sum += count;
        }
        return sum;
    }

    /** Response count per status code, ascending by code. */
    public SortedMap<Integer, Long> statuses() {
        return statuses;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** Latency from the intended send time, in nanoseconds (equal to {@link #uncorrectedLatencyNanos} in closed loop). */
    public Histogram latencyNanos() {
        return latencyNanos.copy();
    }

    /** Latency from the actual write, in nanoseconds. */
    public Histogram uncorrectedLatencyNanos() {
        return uncorrectedLatencyNanos.copy();
    }

    /** Samples of each worker's request rate, in requests per second. */
    public Histogram requestsPerSecondPerThread() {
        return requestsPerSecondPerThread.copy();
    }

    /** Wall-clock time the run started, in milliseconds since the epoch (0 when unknown). */
    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** Responses to requests sent during the warm-up; they are in no other figure. */
    public long warmupResponses() {
        return warmupResponses;
    }

    /** How well an open-loop schedule was kept; {@link PacingStats#CLOSED_LOOP} for closed loop. */
    public PacingStats pacing() {
        return pacing;
    }

    /** One summary per reporting interval, in order. */
    public List<IntervalSummary> intervals() {
        return intervals;
    }

    /** Whether the run was stopped early by the user (Ctrl-C). */
    public boolean interrupted() {
        return interrupted;
    }

    /** Completed requests per second of elapsed time. */
    public double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : requests * 1e9 / elapsedNanos;
    }

    /** Bytes read per second of elapsed time. */
    public double bytesReadPerSecond() {
        return elapsedNanos == 0 ? 0 : bytesRead * 1e9 / elapsedNanos;
    }
}
