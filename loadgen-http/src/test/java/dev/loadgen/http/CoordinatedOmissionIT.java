package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
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
 */
class CoordinatedOmissionIT {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void stallShowsInCorrectedPercentilesAndMax() throws Exception {
        try (StallingServer server = new StallingServer(4 * SECOND, SECOND)) {
            TargetSpec target = new TargetSpec(
                    URI.create("http://127.0.0.1:" + server.port() + "/"), "GET", List.of(), new byte[0], false);
            RunSpec spec = new RunSpec(
                    target,
                    1,
                    10,
                    10 * SECOND,
                    0,
                    5 * SECOND,
                    new Schedule.OpenLoop(new ConstantRate(1000), 10_000),
                    1,
                    2 * SECOND);

            RunResult result;
            try (LoadRun run = LoadRuns.open(spec)) {
                run.preflight();
                result = run.execute();
            }
            server.close();

            assertThat(result.requests()).isEqualTo(8_000);
            assertThat(result.requests() + result.warmupResponses())
                    .isEqualTo(10_000)
                    .isEqualTo(server.responses());
            assertThat(result.totalErrors()).isZero();
            assertThat(result.pacing().dropped()).isZero();
            assertThat(result.requestsPerSecond()).isBetween(990.0, 1010.0);
            Histogram corrected = result.latencyNanos();
            assertThat(corrected.getValueAtPercentile(99)).isBetween(820 * MS, 1050 * MS);
            assertThat(corrected.getMaxValue()).isBetween(950 * MS, 1250 * MS);
            // (1 - 0.5) / 8 = 0.0625 above half a second, plus requests queued while the ~1000 that piled up
            // during the stall drain through the ten connections.
            double aboveHalfSecond = 1 - corrected.getPercentileAtOrBelowValue(500 * MS) / 100;
            assertThat(aboveHalfSecond).isBetween(0.055, 0.09);
            Histogram uncorrected = result.uncorrectedLatencyNanos();
            assertThat(uncorrected.getValueAtPercentile(99)).isLessThan(100 * MS);
            assertThat(uncorrected.getMaxValue()).isGreaterThan(900 * MS);
        }
    }
}
