package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.ScriptedDriver.Outcome;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stop reason of runs on real event loops and the wall clock, against a scripted driver. */
class LoadRunStopReasonIT {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void onlyTheUserOrAGateStopARun() throws Exception {
        try (LoadRun run = LoadRun.prepare(
                spec(SECOND, 0, SECOND), Transport.nio(), new ScriptedDriver(SECOND, n -> Outcome.respondAfter(MS)))) {
            assertThatThrownBy(() -> run.stop(StopReason.DURATION)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @Timeout(10)
    void aRunBoundedByCountAgainstADeadTargetEndsUnreachable() throws Exception {
        RunResult result;
        try (LoadRun run =
                LoadRun.prepare(spec(0, 1000, 100 * MS), Transport.nio(), ScriptedDriver.unreachable(100 * MS))) {
            result = run.execute();
        }

        assertThat(result.stopReason()).isEqualTo(StopReason.UNREACHABLE);
        assertThat(result.interrupted()).isFalse();
        assertThat(result.requests()).isZero();
        assertThat(result.errors(ErrorKind.CONNECT)).isPositive();
    }

    @Test
    @Timeout(10)
    void aGateStopsTheRunWithItsOwnReasonAndALaterInterruptDoesNotChangeIt() throws Exception {
        RunResult result;
        try (LoadRun run = LoadRun.prepare(
                spec(60 * SECOND, 0, SECOND),
                Transport.nio(),
                new ScriptedDriver(SECOND, n -> Outcome.respondAfter(MS)))) {
            CompletableFuture<RunResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return run.execute();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            TimeUnit.MILLISECONDS.sleep(50);
            run.stop(StopReason.ABORTED);
            run.stop();
            result = running.get(5, TimeUnit.SECONDS);
        }

        assertThat(result.stopReason()).isEqualTo(StopReason.ABORTED);
        assertThat(result.interrupted()).isFalse();
    }

    @Test
    @Timeout(10)
    void runsThatEndByThemselvesSayWhy() throws Exception {
        assertThat(run(spec(50 * MS, 0, SECOND)).stopReason()).isEqualTo(StopReason.DURATION);
        RunResult counted = run(spec(0, 20, SECOND));
        assertThat(counted.stopReason()).isEqualTo(StopReason.COUNT);
        assertThat(counted.requests()).isEqualTo(20);
    }

    private static RunResult run(RunSpec spec) throws InterruptedException {
        try (LoadRun run = LoadRun.prepare(
                spec, Transport.nio(), new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(MS)))) {
            return run.execute();
        }
    }

    /** One thread, so that the scripted driver, which is not thread-safe, sees one loop only. */
    private static RunSpec spec(long durationNanos, long requestCount, long timeoutNanos) {
        TargetSpec target = new TargetSpec(URI.create("fake://target"), "GET", List.of(), new byte[0], false);
        return new RunSpec(target, 1, 2, durationNanos, requestCount, timeoutNanos, Schedule.closedLoop(), 1, 0);
    }
}
