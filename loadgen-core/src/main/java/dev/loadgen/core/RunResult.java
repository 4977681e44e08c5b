package dev.loadgen.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    private final StopReason stopReason;
    private final long startEpochMillis;
    private final long warmupResponses;
    private final PacingStats pacing;
    private final List<IntervalSummary> intervals;
    private final ProtocolStats protocolStats;
    private final RuntimeActivity runtime;
    private final List<IntervalHistograms> intervalHistograms;
    private final Distribution distribution;
    private final List<TracedRequest> slowest;

    private RunResult(Builder builder) {
        this.spec = builder.spec;
        this.elapsedNanos = builder.elapsedNanos;
        this.requests = builder.requests;
        this.errors = new EnumMap<>(ErrorKind.class);
        for (ErrorKind kind : ErrorKind.all()) {
            this.errors.put(kind, builder.errors.getOrDefault(kind, 0L));
        }
        this.statuses = Collections.unmodifiableSortedMap(new TreeMap<>(builder.statuses));
        this.bytesRead = builder.bytesRead;
        this.bytesWritten = builder.bytesWritten;
        this.latencyNanos = builder.latencyNanos.copy();
        this.uncorrectedLatencyNanos = builder.uncorrectedLatencyNanos.copy();
        this.requestsPerSecondPerThread = builder.requestsPerSecondPerThread.copy();
        this.stopReason = builder.stopReason;
        this.startEpochMillis = builder.startEpochMillis;
        this.warmupResponses = builder.warmupResponses;
        this.pacing = builder.pacing;
        this.intervals = List.copyOf(builder.intervals);
        this.protocolStats = builder.protocolStats;
        this.runtime = builder.runtime;
        this.intervalHistograms = List.copyOf(builder.intervalHistograms);
        this.distribution = builder.distribution;
        this.slowest = List.copyOf(builder.slowest);
    }

    /**
     * A builder for the result of a run of {@code spec}. What is not set is empty: no responses, errors or bytes,
     * empty histograms, closed-loop pacing, no intervals, a start time of 0 (unknown), and the stop reason a run of
     * {@code spec} ends with when nothing stops it early ({@link StopReason#DURATION} when it has a duration,
     * {@link StopReason#COUNT} otherwise).
     */
    public static Builder builder(RunSpec spec) {
        return new Builder(spec);
    }

    /** A builder holding every figure of this result, to make one that differs in a few. */
    public Builder toBuilder() {
        return builder(spec)
                .elapsedNanos(elapsedNanos)
                .requests(requests)
                .errors(errors)
                .statuses(statuses)
                .bytesRead(bytesRead)
                .bytesWritten(bytesWritten)
                .latencyNanos(latencyNanos)
                .uncorrectedLatencyNanos(uncorrectedLatencyNanos)
                .requestsPerSecondPerThread(requestsPerSecondPerThread)
                .stopReason(stopReason)
                .startEpochMillis(startEpochMillis)
                .warmupResponses(warmupResponses)
                .pacing(pacing)
                .intervals(intervals)
                .protocolStats(protocolStats)
                .runtime(runtime)
                .slowest(slowest)
                .intervalHistograms(intervalHistograms)
                .distribution(distribution);
    }

    /** Collects a result's figures; {@link #build} copies them, so a builder may be reused. Not thread-safe. */
    public static final class Builder {
        private final RunSpec spec;
        private long elapsedNanos;
        private long requests;
        private Map<ErrorKind, Long> errors = Map.of();
        private Map<Integer, Long> statuses = Map.of();
        private long bytesRead;
        private long bytesWritten;
        private Histogram latencyNanos = WorkerRecorder.newHistogram();
        private Histogram uncorrectedLatencyNanos = WorkerRecorder.newHistogram();
        private Histogram requestsPerSecondPerThread = newRateHistogram();
        private StopReason stopReason;
        private long startEpochMillis;
        private long warmupResponses;
        private PacingStats pacing = PacingStats.CLOSED_LOOP;
        private List<IntervalSummary> intervals = List.of();
        private ProtocolStats protocolStats = ProtocolStats.NONE;
        private RuntimeActivity runtime = RuntimeActivity.NONE;
        private List<IntervalHistograms> intervalHistograms = List.of();
        private Distribution distribution;
        private List<TracedRequest> slowest = List.of();

        private Builder(RunSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
            this.stopReason = spec.durationNanos() > 0 ? StopReason.DURATION : StopReason.COUNT;
        }

        /** The measured window: from the end of the warm-up to the last completion. */
        public Builder elapsedNanos(long elapsedNanos) {
            this.elapsedNanos = elapsedNanos;
            return this;
        }

        public Builder requests(long requests) {
            this.requests = requests;
            return this;
        }

        /** Errors by kind; kinds left out count 0. */
        public Builder errors(Map<ErrorKind, Long> errors) {
            this.errors = Objects.requireNonNull(errors, "errors");
            return this;
        }

        /** Responses per status code. */
        public Builder statuses(Map<Integer, Long> statuses) {
            this.statuses = Objects.requireNonNull(statuses, "statuses");
            return this;
        }

        public Builder bytesRead(long bytesRead) {
            this.bytesRead = bytesRead;
            return this;
        }

        public Builder bytesWritten(long bytesWritten) {
            this.bytesWritten = bytesWritten;
            return this;
        }

        /** Latency from the intended send time, in nanoseconds. */
        public Builder latencyNanos(Histogram latencyNanos) {
            this.latencyNanos = Objects.requireNonNull(latencyNanos, "latencyNanos");
            return this;
        }

        /** Latency from the actual write, in nanoseconds. */
        public Builder uncorrectedLatencyNanos(Histogram uncorrectedLatencyNanos) {
            this.uncorrectedLatencyNanos = Objects.requireNonNull(uncorrectedLatencyNanos, "uncorrectedLatencyNanos");
            return this;
        }

        /** Samples of each worker's request rate, in requests per second. */
        public Builder requestsPerSecondPerThread(Histogram requestsPerSecondPerThread) {
            this.requestsPerSecondPerThread =
                    Objects.requireNonNull(requestsPerSecondPerThread, "requestsPerSecondPerThread");
            return this;
        }

        public Builder stopReason(StopReason stopReason) {
            this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
            return this;
        }

        /** Wall-clock time the run started, in milliseconds since the epoch. */
        public Builder startEpochMillis(long startEpochMillis) {
            this.startEpochMillis = startEpochMillis;
            return this;
        }

        /** Responses to requests sent during the warm-up, not in any other figure. */
        public Builder warmupResponses(long warmupResponses) {
            this.warmupResponses = warmupResponses;
            return this;
        }

        public Builder pacing(PacingStats pacing) {
            this.pacing = Objects.requireNonNull(pacing, "pacing");
            return this;
        }

        public Builder intervals(List<IntervalSummary> intervals) {
            this.intervals = Objects.requireNonNull(intervals, "intervals");
            return this;
        }

        /** The protocol's own figures of the measured window. */
        public Builder protocolStats(ProtocolStats protocolStats) {
            this.protocolStats = Objects.requireNonNull(protocolStats, "protocolStats");
            return this;
        }

        /** What the runtime did in the measured window: transport, JIT compiler, collector, CPU. */
        public Builder runtime(RuntimeActivity runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            return this;
        }

        /** The measured intervals' histograms, kept by a worker of a distributed run; none by default. */
        public Builder intervalHistograms(List<IntervalHistograms> intervalHistograms) {
            this.intervalHistograms = Objects.requireNonNull(intervalHistograms, "intervalHistograms");
            return this;
        }

        /** The run this result is a part of, or null for a run on one machine. */
        public Builder distribution(Distribution distribution) {
            this.distribution = distribution;
            return this;
        }

        /** The run's slowest traced requests, slowest first. */
        public Builder slowest(List<TracedRequest> slowest) {
            this.slowest = Objects.requireNonNull(slowest, "slowest");
            return this;
        }

        public RunResult build() {
            return new RunResult(this);
        }
    }

    /** The histogram the per-thread request rates are sampled into: requests per second, three digits. */
    static Histogram newRateHistogram() {
        return new Histogram(1, Long.MAX_VALUE / 4, 3);
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

    /** The protocol's own figures of the measured window ({@link ProtocolStats#NONE} for a protocol with none). */
    public ProtocolStats protocolStats() {
        return protocolStats;
    }

    /** What the runtime did in the measured window ({@link RuntimeActivity#NONE} when not known). */
    public RuntimeActivity runtime() {
        return runtime;
    }

    /** The measured intervals' histograms (empty unless the run kept them: a worker of a distributed run). */
    public List<IntervalHistograms> intervalHistograms() {
        return intervalHistograms;
    }

    /** Where this result stands in a run spread over several workers, or null for a run on one machine. */
    public Distribution distribution() {
        return distribution;
    }

    /** The run's slowest traced requests, slowest first; empty when no request was traced. */
    public List<TracedRequest> slowest() {
        return slowest;
    }

    /** Why the run stopped sending. */
    public StopReason stopReason() {
        return stopReason;
    }

    /** Whether the user stopped the run early (Ctrl-C, SIGTERM): {@link StopReason#INTERRUPTED}. */
    public boolean interrupted() {
        return stopReason == StopReason.INTERRUPTED;
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
