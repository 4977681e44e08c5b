package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FireTimesTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void constantRateSpacingIsExactAndNeverDrifts() {
        ConstantRate rate = new ConstantRate(1000);
        for (long i = 0; i < 10_000_000; i++) {
            if (rate.fireTimeNanos(i) != i * 1_000_000L) {
                throw new AssertionError("fire " + i + " at " + rate.fireTimeNanos(i));
            }
        }
    }

    @Test
    void constantRateThatDoesNotDivideASecondStaysWithinOneNanosecondOfExact() {
        ConstantRate rate = new ConstantRate(3);
        assertThat(rate.fireTimeNanos(1)).isEqualTo(333_333_333L);
        assertThat(rate.fireTimeNanos(3)).isEqualTo(SECOND);
        // After 10^7 fires the schedule is exactly where 10^7 / 3 seconds puts it: no accumulated drift.
        assertThat(rate.fireTimeNanos(10_000_000L)).isEqualTo(3_333_333L * SECOND + 333_333_333L);
        long previous = -1;
        for (long i = 0; i < 10_000_000; i++) {
            long t = rate.fireTimeNanos(i);
            long gap = t - previous;
            if (i > 0 && (gap < 333_333_333L || gap > 333_333_334L)) {
                throw new AssertionError("gap " + gap + " before fire " + i);
            }
            previous = t;
        }
    }

    @Test
    void constantRatePlansRateTimesDuration() {
        assertThat(new ConstantRate(5000).plannedRequests(2 * SECOND)).isEqualTo(10_000.0);
        assertThat(new ConstantRate(5000).durationNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rampFromZeroFollowsTheIntegralOfTheRate() {
        // 0 -> 1000/s over 10 s: planned count t^2 * 50, so request i is due at sqrt(i / 50) seconds.
        RateStages ramp = new RateStages(List.of(new RateStages.Stage(10 * SECOND, 1000)));
        assertThat(ramp.plannedRequests(10 * SECOND)).isEqualTo(5000.0);
        for (long i : new long[] {0, 1, 50, 200, 1250, 4999}) {
            assertThat((double) ramp.fireTimeNanos(i)).isCloseTo(Math.sqrt(i / 50.0) * SECOND, within(2.0));
        }
        assertThat(ramp.fireTimeNanos(5000)).isEqualTo(FireTimes.NEVER);
    }

    @Test
    void stagesChainRampsAndHolds() throws InputException {
        RateStages stages = RateStages.parse("10s:1000,30s:5000,20s:5000");
        assertThat(stages.durationNanos()).isEqualTo(60 * SECOND);
        // 5000 in the first ramp, (1000 + 5000) / 2 * 30 = 90000 in the second, 100000 in the hold.
        assertThat(stages.plannedRequests(60 * SECOND)).isEqualTo(195_000.0);
        assertThat(stages.plannedRequests(40 * SECOND)).isCloseTo(95_000.0, within(1e-6));
        // In the hold every request is 200 us after the previous one.
        long first = stages.fireTimeNanos(95_000);
        assertThat(first).isCloseTo(40 * SECOND, org.assertj.core.data.Offset.offset(2L));
        assertThat(stages.fireTimeNanos(95_001) - first).isCloseTo(200_000L, org.assertj.core.data.Offset.offset(2L));
        long previous = -1;
        for (long i = 0; i < 195_000; i++) {
            long t = stages.fireTimeNanos(i);
            assertThat(t).isGreaterThanOrEqualTo(previous);
            previous = t;
        }
        assertThat(previous).isLessThanOrEqualTo(60 * SECOND);
    }

    @Test
    void rampDownToZeroEnds() throws InputException {
        RateStages down = RateStages.parse("5s:100,5s:0");
        assertThat(down.plannedRequests(10 * SECOND)).isEqualTo(500.0);
        assertThat(down.fireTimeNanos(499)).isLessThanOrEqualTo(10 * SECOND);
        assertThat(down.fireTimeNanos(500)).isEqualTo(FireTimes.NEVER);
    }

    @Test
    void zeroRatePauseIsSkipped() throws InputException {
        RateStages pause = RateStages.parse("1s:0,1s:0,2s:100");
        // The only requests are in the last ramp, 0 -> 100 over 2 s: 100 requests.
        assertThat(pause.fireTimeNanos(0)).isEqualTo(2 * SECOND);
        assertThat(pause.fireTimeNanos(99)).isBetween(2 * SECOND, 4 * SECOND);
        assertThat(pause.fireTimeNanos(100)).isEqualTo(FireTimes.NEVER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10s", "10s:", ":100", "10s:abc", "0s:100", "-1s:5", "10s:100,,5s:1", "5s:0"})
    void malformedStagesAreRejected(String text) {
        assertThatThrownBy(() -> RateStages.parse(text)).isInstanceOf(InputException.class);
    }
}
