package dev.loadgen.core;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a worker records per response: both latencies into their interval recorders, the request and status
 * counters. Latencies vary over a realistic spread (100 us to about 13 ms) so the histograms' buckets vary too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecorderBenchmark {
    private final WorkerRecorder recorder = new WorkerRecorder(false, StatsSchema.NONE);
    private long intendedNanos = 1_000_000_000L;

    @Benchmark
    public void recordResponse() {
        long intended = intendedNanos;
        intendedNanos = intended + 28_571;
        long latency = 100_000 + (intended & 0xFF_FFFF);
        recorder.recordResponse(
                WorkerRecorder.window(intended, 0), intended, intended + 1_000, intended + latency, 200, null);
    }
}
