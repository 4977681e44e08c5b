package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.FireTimes;
import dev.loadgen.core.RateStages;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The split of one run over N workers, without sockets: for N from 1 to 64, rates, request counts and stage shapes,
 * the requests the workers' threads send are the one-machine schedule's indexes 0 to M-1, each exactly once, at
 * the one-machine schedule's times; counts (connections, -n, the backlog) add up exactly.
 */
class WorkerSplitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void sharesOfACountAddUpToItAndDifferByOneAtMost() {
        for (int workers = 1; workers <= 64; workers++) {
            for (long total : new long[] {workers, workers + 1, 2L * workers - 1, 100, 1000, 12_345, 1_000_003}) {
                long sum = 0;
                long least = Long.MAX_VALUE;
                long most = 0;
                for (int index = 0; index < workers; index++) {
                    long share = new WorkerSplit(index, workers).share(total);
                    sum += share;
                    least = Math.min(least, share);
                    most = Math.max(most, share);
                }
                assertThat(sum).as("%d over %d", total, workers).isEqualTo(total);
                assertThat(most - least).isLessThanOrEqualTo(1);
                assertThat(least).isEqualTo(total / workers);
            }
        }
    }

    @Test
    void theWorkersOfAConstantRateSendTheOneMachineScheduleExactlyOnce() {
        for (int workers = 1; workers <= 64; workers++) {
            for (long rate : new long[] {1, 7, 1000, 9_999}) {
                assertUnionIsTheSchedule(new ConstantRate(rate), 2 * SECOND, 0, workers, 3);
                // -n below --workers is refused, so every worker has a request.
                assertUnionIsTheSchedule(new ConstantRate(rate), 2 * SECOND, Math.max(workers, rate + 3), workers, 2);
            }
        }
    }

    @Test
    void theWorkersOfStagesSendTheOneMachineScheduleExactlyOnce() throws Exception {
        List<RateStages> shapes = List.of(
                RateStages.parse("1s:500,2s:2000,1s:2000,1s:0"),
                RateStages.parse("500ms:10,500ms:10"),
                RateStages.parse("2s:3000,1s:100"));
        for (int workers = 1; workers <= 64; workers++) {
            for (RateStages stages : shapes) {
                assertUnionIsTheSchedule(stages, stages.durationNanos(), 0, workers, 4);
            }
        }
    }

    /**
     * Every worker of {@code workers}, each with {@code threads} threads that take every threads-th request of the
     * worker's share as the engine does, sends: the union must be the whole schedule's indexes within the duration
     * (and the count), each once, at the whole schedule's times.
     */
    private static void assertUnionIsTheSchedule(
            FireTimes whole, long durationNanos, long count, int workers, int threads) {
        long expected = 0;
        while (whole.fireTimeNanos(expected) < durationNanos && (count == 0 || expected < count)) {
            expected++;
        }
        BitSet seen = new BitSet();
        long sent = 0;
        for (int index = 0; index < workers; index++) {
            WorkerSplit split = new WorkerSplit(index, workers);
            FireTimes share = split.fireTimes(whole);
            long shareCount = count == 0 ? 0 : split.share(count);
            RunSpec spec = spec(threads, durationNanos, shareCount, share);
            for (int thread = 0; thread < threads; thread++) {
                long left = shareCount == 0 ? Long.MAX_VALUE : spec.requestsOf(thread);
                for (long local = thread; left > 0; local += threads, left--) {
                    long due = share.fireTimeNanos(local);
                    if (due == FireTimes.NEVER || due >= durationNanos) {
                        break;
                    }
                    long global = local * workers + index;
                    // Plain checks: millions of requests are checked, and an assertion object each costs seconds.
                    if (due != whole.fireTimeNanos(global)) {
                        fail("request " + global + " due at " + due + " instead of " + whole.fireTimeNanos(global));
                    }
                    if (seen.get((int) global)) {
                        fail("request " + global + " sent twice (" + workers + " workers)");
                    }
                    seen.set((int) global);
                    sent++;
                }
            }
        }
        assertThat(sent).as("%s over %d workers", whole, workers).isEqualTo(expected);
        assertThat(seen.nextClearBit(0)).isEqualTo((int) expected);
    }

    @Test
    void theSharesOfThePlanAddUpToTheWholePlan() {
        FireTimes whole = new ConstantRate(1000);
        for (int workers = 1; workers <= 64; workers++) {
            double planned = 0;
            double peak = 0;
            for (int index = 0; index < workers; index++) {
                FireTimes share = new WorkerSplit(index, workers).fireTimes(whole);
                planned += share.plannedRequests(SECOND);
                peak += share.peakRatePerSecond();
            }
            assertThat(planned).isCloseTo(1000, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(peak).isCloseTo(1000, org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private static RunSpec spec(int threads, long durationNanos, long count, FireTimes fireTimes) {
        TargetSpec target =
                new TargetSpec(URI.create("http://127.0.0.1:1/"), "GET", new ArrayList<>(), new byte[0], false);
        return new RunSpec(
                target, threads, threads, durationNanos, count, SECOND, new Schedule.OpenLoop(fireTimes, 100), 1, 0);
    }
}
