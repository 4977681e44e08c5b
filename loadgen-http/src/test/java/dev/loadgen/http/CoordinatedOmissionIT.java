package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.testing.LeakDetection;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A real server stops answering for 1 s in the middle of a run at 1000 requests per second, measured for
 * T = 8 s after a 2 s warm-up (which keeps the JVM's own start-up out of the figures). A stall of S seconds in
 * T seconds at a constant rate puts a fraction (S - x) / T of all requests above latency x: the corrected 99th
 * percentile lies near S - 0.01 T = 0.92 s and the maximum near S, while latency measured from the actual
 * write stays small for all but the requests on the wire during the stall.
 *
 * <p>The windows come from one written tolerance, {@link #LATE_NANOS}: on a loaded two-core machine (other builds
 * and tests running) a thread of the client or of the server may run up to that long after it was due, which can
 * lengthen the measured run, the stall as the client sees it, and the wait of the requests queued behind it.
 * Netty's leak detector is off during the run, as in a user's ({@link LeakDetection}): at the tests' paranoid
 * level its per-buffer stack traces would be part of the latency measured.
 */
class CoordinatedOmissionIT {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** How late a thread may run on a loaded two-core machine: JIT compilation, GC and other processes together. */
    private static final long LATE_NANOS = 500 * MS;
    /** T: the measured part of the run, after the 2 s warm-up. */
    private static final long MEASURED_NANOS = 8 * SECOND;
    /** S: how long the server stops answering. */
    private static final long STALL_NANOS = SECOND;

    private static final long HALF_SECOND_NANOS = 500 * MS;
    private static final int RATE_PER_SECOND = 1000;

    @Test
    void stallShowsInCorrectedPercentilesAndMax() throws Exception {
        try (StallingServer server = new StallingServer(4 * SECOND, STALL_NANOS)) {
            TargetSpec target = new TargetSpec(
                    URI.create("http://127.0.0.1:" + server.port() + "/"), "GET", List.of(), new byte[0], false);
            RunSpec spec = new RunSpec(
                    target,
                    1,
                    10,
                    10 * SECOND,
                    0,
                    5 * SECOND,
                    new Schedule.OpenLoop(new ConstantRate(RATE_PER_SECOND), 10_000),
                    1,
                    2 * SECOND);

            RunResult result = LeakDetection.off(() -> {
                try (LoadRun run = LoadRuns.open(spec)) {
                    run.preflight();
                    return run.execute();
                }
            });
            server.close();

            assertThat(result.requests()).isEqualTo(8_000);
            assertThat(result.requests() + result.warmupResponses())
                    .isEqualTo(10_000)
                    .isEqualTo(server.responses());
            assertThat(result.totalErrors()).isZero();
            assertThat(result.pacing().dropped()).isZero();
            // 8000 requests due over T = 8 s: the run cannot end before the last one is due, and ends at the latest
            // LATE after it (the last response, late on a loaded machine).
            double seconds = MEASURED_NANOS / (double) SECOND;
            double lateSeconds = LATE_NANOS / (double) SECOND;
            assertThat(result.requestsPerSecond())
                    .isBetween(8_000 / (seconds + lateSeconds), 8_000 / (seconds - 0.001));
            Histogram corrected = result.latencyNanos();
            // The 99th percentile sits at S - 0.01 T (0.92 s); the histogram's precision and the stall's edges, as the
            // client sees them, take up to 0.1 s off, and a late client adds up to LATE.
            long p99AtLeast = STALL_NANOS - MEASURED_NANOS / 100 - 100 * MS;
            assertThat(corrected.getValueAtPercentile(99)).isBetween(p99AtLeast, STALL_NANOS + LATE_NANOS);
            assertThat(corrected.getMaxValue()).isBetween(STALL_NANOS - 50 * MS, STALL_NANOS + LATE_NANOS);
            // (S - 0.5 s) / T = 0.0625 of the requests lie above half a second, a little less if the stall's edges
            // fall between two requests; up to (S + LATE - 0.5 s) / T, plus the requests queued while the ~1000
            // that piled up during the stall drain through the ten connections (about 0.01 more), if the client
            // ran late.
            double aboveHalfSecond = 1 - corrected.getPercentileAtOrBelowValue(HALF_SECOND_NANOS) / 100;
            assertThat(aboveHalfSecond)
                    .isBetween(
                            (STALL_NANOS - HALF_SECOND_NANOS) / (double) MEASURED_NANOS - 0.0075,
                            (STALL_NANOS + LATE_NANOS - HALF_SECOND_NANOS) / (double) MEASURED_NANOS + 0.01);
            // Measured from the actual write, the stall is hidden from all but the requests on the wire during it.
            Histogram uncorrected = result.uncorrectedLatencyNanos();
            assertThat(uncorrected.getValueAtPercentile(99)).isLessThan(LATE_NANOS);
            assertThat(uncorrected.getMaxValue()).isGreaterThan(STALL_NANOS - 100 * MS);
        }
    }
}
