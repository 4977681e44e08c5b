package dev.loadgen.core;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The open-loop pacer's arithmetic per request: the next fire time of a constant rate and of a staged ramp (the
 * index advancing by the thread count, as a worker's does), and a request passing through the backlog when no
 * connection is free.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacerBenchmark {
    private static final int THREADS = 2;

    private final FireTimes constant = new ConstantRate(35_000);
    private FireTimes stages;
    private final LongRing backlog = new LongRing(1024);
    private long index;

    @Setup
    public void setUp() throws InputException {
        stages = RateStages.parse("10s:1000,30s:50000,20s:50000");
    }

    @Benchmark
    public long constantRateFireTime() {
        index += THREADS;
        return constant.fireTimeNanos(index);
    }

    @Benchmark
    public long stagedFireTime() {
        index += THREADS;
        if (index > 2_000_000) {
            index = 0;
        }
        return stages.fireTimeNanos(index);
    }

    @Benchmark
    public long backlogRoundTrip() {
        index++;
        backlog.offer(index);
        return backlog.poll();
    }
}
