package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The target rate a report states is the rate the schedule asked for, whatever the server made of it. */
class TargetRateTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aCountBoundedRunAgainstASlowerServerStillTargetedTheRateAsked() {
        // -R 1000 -n 1000 against a server doing 188/s: the run takes 5.3 s instead of the 1 s planned.
        double target = LoadRun.targetRate(new ConstantRate(1000), 5_320_000_000L, 0, 0, 1000);

        assertThat(target).isCloseTo(1000.0, within(1e-9));
    }

    @Test
    void aCountBoundedRunThatKeptUpTargetedTheRateAsked() {
        assertThat(LoadRun.targetRate(new ConstantRate(250), SECOND, 0, 0, 250)).isCloseTo(250.0, within(1e-9));
    }

    @Test
    void aRunInterruptedEarlyTargetedTheRateUntilThen() {
        assertThat(LoadRun.targetRate(new ConstantRate(1000), SECOND / 2, 0, 0, 100_000))
                .isCloseTo(1000.0, within(1e-9));
    }

    @Test
    void aDurationBoundedRunIsMeasuredAfterItsWarmup() {
        assertThat(LoadRun.targetRate(new ConstantRate(400), 3 * SECOND, 2 * SECOND, SECOND / 2, 0))
                .isCloseTo(400.0, within(1e-9));
    }

    @Test
    void stagesWithACountAverageTheRatePlannedUntilTheCountWasDue() {
        // A ramp from 0 to 1000/s over 2 s plans 1000 requests; the first 250 are due by 1 s, at 250/s on average.
        RateStages ramp = new RateStages(List.of(new RateStages.Stage(2 * SECOND, 1000)));

        assertThat(LoadRun.targetRate(ramp, 7 * SECOND, 0, 0, 250)).isCloseTo(250.0, within(0.5));
    }
}
