package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A server that stalls for one second in the middle of a constant-rate run: the corrected view (latency from
 * the intended send time) shows the stall, the uncorrected view (from the actual write) hides it, which is the
 * coordinated omission the corrected view exists to expose. Real event loops on the wall clock (3 s), so an
 * integration test; the windows come from one written tolerance, {@link #LATE_NANOS}.
 */
class CorrectedLatencyIT {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /**
     * How late the worker's thread may run on a loaded two-core machine (JIT compilation, GC and other processes
     * together): it can lengthen the stall as the worker sees it and the wait of the requests queued behind it.
     */
    private static final long LATE_NANOS = 500 * MS;

    @Test
    void correctedLatencyShowsAStallThatUncorrectedLatencyHides() throws Exception {
        long runNanos = 3 * SECOND;
        RunSpec spec = new RunSpec(
                new TargetSpec(URI.create("fake://stall"), "GET", List.of(), new byte[0], false),
                1,
                10,
                runNanos,
                0,
                5 * SECOND,
                new Schedule.OpenLoop(new ConstantRate(1000), 10_000),
                1,
                0);
        StallingDriver driver = new StallingDriver(MS, SECOND, 2 * SECOND, spec.timeoutNanos());

        RunResult result;
        try (LoadRun run = LoadRun.prepare(spec, Transport.nio(), driver)) {
            run.preflight();
            result = run.execute();
        }

        assertThat(result.requests()).isEqualTo(3000);
        assertThat(result.pacing().dropped()).isZero();
        Histogram corrected = result.latencyNanos();
        Histogram uncorrected = result.uncorrectedLatencyNanos();
        // A stall of S = 1 s in T = 3 s at a constant rate puts a fraction (S - x) / T of requests above x:
        // the 99th percentile sits at x = S - 0.01 T = 0.97 s, the maximum at about S.
        assertThat(corrected.getValueAtPercentile(99)).isBetween(900 * MS, SECOND + LATE_NANOS);
        assertThat(corrected.getMaxValue()).isBetween(950 * MS, SECOND + LATE_NANOS);
        // Above x = 0.5 s lie (1 - 0.5) / 3 = 1/6 of the requests, plus those still queued while the 1000
        // requests that piled up drain through ten connections (about 0.11 s at 9000/s net), and those a late
        // worker kept waiting: up to (1 + LATE - 0.5 + 0.11) / 3.
        double aboveHalfSecond = 1 - corrected.getPercentileAtOrBelowValue(500 * MS) / 100;
        double lateSeconds = LATE_NANOS / (double) SECOND;
        assertThat(aboveHalfSecond).isBetween(1.0 / 6 - 0.02, (1 + lateSeconds - 0.5 + 0.11) / 3);
        // Measured from the write, only the ten requests that were on the wire during the stall saw it.
        assertThat(uncorrected.getValueAtPercentile(99)).isLessThan(LATE_NANOS);
        assertThat(uncorrected.getMaxValue()).isGreaterThan(900 * MS);
        assertThat(result.pacing().lateSends()).isGreaterThan(900);
        assertThat(result.pacing().maxLatenessNanos()).isGreaterThan(900 * MS);
    }
}
