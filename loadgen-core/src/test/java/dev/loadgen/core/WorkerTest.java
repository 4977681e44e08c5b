package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerTest {
    @Test
    void densePacingWakesOncePerSendSpacingOnAPeriodicTimer() {
        assertThat(Worker.pacingPeriodNanos(5000, 1)).isEqualTo(TimeUnit.MICROSECONDS.toNanos(200));
        assertThat(Worker.pacingPeriodNanos(10_000, 4)).isEqualTo(TimeUnit.MICROSECONDS.toNanos(400));
        assertThat(Worker.pacingPeriodNanos(1000, 1)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void veryDensePacingBatchesAtTheMinimumPeriod() {
        assertThat(Worker.pacingPeriodNanos(1_000_000, 2)).isEqualTo(Worker.MIN_PACING_NANOS);
    }

    @Test
    void sparsePacingWakesWhenEachRequestIsDue() {
        assertThat(Worker.pacingPeriodNanos(999, 1)).isZero();
        assertThat(Worker.pacingPeriodNanos(10_000, 20)).isZero();
    }

    @Test
    void stagesPaceForTheirPeakRate() {
        RateStages stages = new RateStages(List.of(
                new RateStages.Stage(TimeUnit.SECONDS.toNanos(10), 1000),
                new RateStages.Stage(TimeUnit.SECONDS.toNanos(10), 5000),
                new RateStages.Stage(TimeUnit.SECONDS.toNanos(5), 200)));
        assertThat(stages.peakRatePerSecond()).isEqualTo(5000);
        assertThat(new ConstantRate(1234).peakRatePerSecond()).isEqualTo(1234);
    }
}
