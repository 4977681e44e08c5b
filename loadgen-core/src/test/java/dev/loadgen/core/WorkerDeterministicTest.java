package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ScriptedDriver.Failed;
import dev.loadgen.core.ScriptedDriver.Outcome;
import dev.loadgen.core.ScriptedDriver.Sent;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * One worker on a {@link VirtualLoop} with a {@link ScriptedDriver}: times are the loop's, moved by the test, so
 * every assertion is exact and every run the same.
 */
class WorkerDeterministicTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    /** When the runs start: any time but 0, so that no test passes by reading an unset time. */
    private static final long T0 = 7 * SECOND;

    private final VirtualLoop virtual = new VirtualLoop();
    private final CountDownLatch finished = new CountDownLatch(1);

    @Test
    void aConstantRateSendsEachRequestExactlyWhenItIsDue() {
        RunSpec spec = spec(4, 10 * MS, 0, SECOND, openLoop(1000, 100), 0);
        ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(100 * US));
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + SECOND);

        List<Sent> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(new Sent(T0 + i * MS, T0 + i * MS));
        }
        assertThat(driver.sent).containsExactlyElementsOf(expected);
        assertThat(worker.recorder().requests()).isEqualTo(10);
        assertThat(worker.recorder().lateSends()).isZero();
        assertThat(worker.recorder().dropped()).isZero();
        assertThat(worker.stopReason()).isEqualTo(StopReason.DURATION);
        assertThat(finished.getCount()).isZero();
    }

    @Test
    void aSparseRateWakesExactlyWhenEachRequestIsDue() {
        RunSpec spec = spec(1, 50 * MS, 0, SECOND, openLoop(100, 100), 0);
        ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(MS));
        startedWorker(spec, driver);

        virtual.runUntil(T0 + SECOND);

        assertThat(driver.sent)
                .extracting(Sent::writeNanos)
                .containsExactly(T0, T0 + 10 * MS, T0 + 20 * MS, T0 + 30 * MS, T0 + 40 * MS);
    }

    /**
     * One connection answering after 5.5 ms at 1000 requests/s with room for two in the backlog: the backlog
     * fills, what finds it full is dropped, the backlog is served late as the connection frees up, and what is
     * left in it when the duration ends is dropped too.
     */
    @Test
    void theBacklogFillsThenDropsAndIsServedLate() {
        RunSpec spec = spec(1, 10 * MS, 0, SECOND, openLoop(1000, 2), 0);
        ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(5500 * US));
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + 9 * MS);
        // #0 sent; #1 and #2 wait; #3, #4, #5 dropped; #1 sent at 5.5 ms; #6 waits; #7, #8, #9 dropped.
        assertThat(driver.sent).containsExactly(new Sent(T0, T0), new Sent(T0 + MS, T0 + 5500 * US));
        assertThat(worker.recorder().dropped()).isEqualTo(6);
        assertThat(worker.recorder().lateSends()).isEqualTo(1);
        assertThat(worker.recorder().maxLatenessNanos()).isEqualTo(4500 * US);

        virtual.runUntil(T0 + SECOND);
        // The duration ended with #2 and #6 still waiting: dropped.
        assertThat(worker.recorder().dropped()).isEqualTo(8);
        assertThat(driver.sent).hasSize(2);
        assertThat(worker.recorder().requests()).isEqualTo(2);
        assertThat(worker.stopReason()).isEqualTo(StopReason.DURATION);
        assertThat(finished.getCount()).isZero();
    }

    @Test
    void aRequestTimesOutExactlyAtItsDeadline() {
        RunSpec spec = spec(1, SECOND, 0, 100 * MS, Schedule.closedLoop(), 0);
        ScriptedDriver driver =
                new ScriptedDriver(spec.timeoutNanos(), n -> n == 0 ? Outcome.hang() : Outcome.respondAfter(MS));
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + 100 * MS - 1);
        assertThat(worker.recorder().errors(ErrorKind.TIMEOUT)).isZero();

        virtual.runUntil(T0 + 100 * MS);
        assertThat(worker.recorder().errors(ErrorKind.TIMEOUT)).isEqualTo(1);
        assertThat(driver.failed).containsExactly(new Failed(T0, T0, T0 + 100 * MS, ErrorKind.TIMEOUT));
        // The connection is replaced and sending goes on.
        virtual.runUntil(T0 + 110 * MS);
        assertThat(driver.opened).isEqualTo(2);
        assertThat(worker.recorder().requests()).isPositive();
    }

    /**
     * A 5 ms warm-up at 1000 requests/s: requests due before its end are left out, including their answers and
     * failures that arrive after it, and requests due after it are measured.
     */
    @Test
    void requestsDueInTheWarmupAreLeftOutWhenTheyEndAfterIt() {
        RunSpec spec = spec(10, 10 * MS, 0, SECOND, openLoop(1000, 100), 5 * MS);
        LongFunction<Outcome> script = n -> switch ((int) n) {
            case 3 -> Outcome.failAfter(3 * MS, ErrorKind.READ); // due at 3 ms, fails at 6 ms
            case 4 -> Outcome.respondAfter(2 * MS); // due at 4 ms, answered at 6 ms
            case 6 -> Outcome.failAfter(MS, ErrorKind.READ); // due at 6 ms: measured
            default -> Outcome.respondAfter(2 * MS);
        };
        ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), script);
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + SECOND);

        assertThat(driver.failed).extracting(Failed::atNanos).containsExactly(T0 + 6 * MS, T0 + 7 * MS);
        assertThat(worker.recorder().warmupResponses()).isEqualTo(4);
        assertThat(worker.recorder().requests()).isEqualTo(4);
        assertThat(worker.recorder().errors(ErrorKind.READ)).isEqualTo(1);
        assertThat(worker.recorder()
                        .swapCorrected(WorkerRecorder.MEASURED, null)
                        .getTotalCount())
                .isEqualTo(4);
    }

    @Test
    void aRunBoundedByCountSendsExactlyItsCountAndStopsForIt() {
        RunSpec spec = spec(2, 0, 5, SECOND, Schedule.closedLoop(), 0);
        ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(MS));
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + SECOND);

        assertThat(driver.sent).hasSize(5);
        assertThat(worker.recorder().requests()).isEqualTo(5);
        assertThat(worker.stopReason()).isEqualTo(StopReason.COUNT);
        assertThat(finished.getCount()).isZero();
    }

    @Test
    void aRunBoundedByDurationStopsForItWithNothingLeftInFlight() {
        RunSpec spec = spec(1, 10 * MS, 0, SECOND, Schedule.closedLoop(), 0);
        ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(3 * MS));
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + 10 * MS - 1);
        assertThat(finished.getCount()).isOne();
        virtual.runUntil(T0 + 12 * MS);

        // Sent at 0, 3, 6 and 9 ms; the last is answered at 12 ms, after the deadline, and still counted.
        assertThat(driver.sent).extracting(Sent::writeNanos).containsExactly(T0, T0 + 3 * MS, T0 + 6 * MS, T0 + 9 * MS);
        assertThat(worker.recorder().requests()).isEqualTo(4);
        assertThat(worker.stopReason()).isEqualTo(StopReason.DURATION);
        assertThat(finished.getCount()).isZero();
    }

    @Test
    void aStopOnRequestKeepsItsReason() {
        for (StopReason reason : List.of(StopReason.INTERRUPTED, StopReason.ABORTED)) {
            VirtualLoop loop = new VirtualLoop();
            CountDownLatch done = new CountDownLatch(1);
            RunSpec spec = spec(1, SECOND, 0, SECOND, Schedule.closedLoop(), 0);
            ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(MS));
            Worker worker = startedWorker(loop, spec, driver, done);

            loop.runUntil(T0 + 5 * MS + 500 * US);
            worker.stop(reason);
            loop.runUntil(T0 + SECOND);

            assertThat(driver.sent).as(reason.name()).hasSize(6);
            assertThat(worker.recorder().requests()).as(reason.name()).isEqualTo(6);
            assertThat(worker.stopReason()).isEqualTo(reason);
            assertThat(done.getCount()).isZero();
        }
    }

    /** Sweeps every 2.5 ms (a twentieth of the timeout): the one at 50 ms finds no progress for the whole timeout. */
    @Test
    void aRunBoundedByCountGivesUpOnATargetItCannotConnectToAfterTheTimeout() {
        RunSpec spec = spec(1, 0, 100, 50 * MS, Schedule.closedLoop(), 0);
        ScriptedDriver driver = ScriptedDriver.unreachable(spec.timeoutNanos());
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + 50 * MS - 1);
        assertThat(finished.getCount()).isOne();
        virtual.runUntil(T0 + 50 * MS);

        assertThat(worker.stopReason()).isEqualTo(StopReason.UNREACHABLE);
        assertThat(finished.getCount()).isZero();
        assertThat(driver.sent).isEmpty();
        // One failed connect before the start, then one every 10 ms.
        assertThat(worker.recorder().errors(ErrorKind.CONNECT))
                .isEqualTo(driver.opened)
                .isGreaterThan(4);
    }

    /**
     * 1G requests per second for 2 s on one connection that takes one every 10 ms: nearly all of them are
     * dropped, counted in bulk, so the run takes seconds of the test's time, not minutes, and every request due is
     * either sent or counted as dropped, exactly.
     */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aRateFarBeyondTheConnectionsDropsInBulkAndEndsOnTime() {
        RunSpec spec = spec(1, 2 * SECOND, 0, SECOND, openLoop(FireTimes.MAX_RATE_PER_SECOND, 10), 0);
        ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(10 * MS));
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + 3 * SECOND);

        assertThat(finished.getCount()).isZero();
        assertThat(worker.stopReason()).isEqualTo(StopReason.DURATION);
        assertThat(driver.sent).hasSizeGreaterThan(150);
        assertThat(driver.sent.size() + worker.recorder().dropped()).isEqualTo(2_000_000_000L);
    }

    /** The same with a 1 s warm-up: drops are split between the warm-up and the measured part by their due time. */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void bulkDropsOfTheWarmupAreLeftOut() {
        RunSpec spec = spec(1, 2 * SECOND, 0, SECOND, openLoop(FireTimes.MAX_RATE_PER_SECOND, 10), SECOND);
        ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(10 * MS));
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + 3 * SECOND);

        long sentMeasured = driver.sent.stream()
                .filter(sent -> sent.intendedNanos() >= T0 + SECOND)
                .count();
        assertThat(sentMeasured).isPositive();
        assertThat(sentMeasured + worker.recorder().dropped()).isEqualTo(1_000_000_000L);
    }

    /** A count-bounded run at 1G/s stops dropping at its count: sent and dropped add up to the count. */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void bulkDropsStopAtTheRequestCount() {
        RunSpec spec = spec(1, 0, 5_000_000, SECOND, openLoop(FireTimes.MAX_RATE_PER_SECOND, 10), 0);
        ScriptedDriver driver = new ScriptedDriver(spec.timeoutNanos(), n -> Outcome.respondAfter(MS));
        Worker worker = startedWorker(spec, driver);

        virtual.runUntil(T0 + SECOND);

        assertThat(worker.stopReason()).isEqualTo(StopReason.COUNT);
        assertThat(driver.sent.size() + worker.recorder().dropped()).isEqualTo(5_000_000L);
        assertThat(finished.getCount()).isZero();
    }

    /** Connects the worker's connections, then starts it at {@link #T0}. */
    private Worker startedWorker(RunSpec spec, ScriptedDriver driver) {
        return startedWorker(virtual, spec, driver, finished);
    }

    private static Worker startedWorker(
            VirtualLoop loop, RunSpec spec, ScriptedDriver driver, CountDownLatch finished) {
        CountDownLatch connected = new CountDownLatch(1);
        Worker worker = new Worker(0, loop.loop(), driver, spec, connected, finished);
        worker.connect();
        loop.runUntil(T0);
        assertThat(connected.getCount()).isZero();
        worker.start(T0);
        loop.runUntil(T0);
        return worker;
    }

    private static Schedule openLoop(long ratePerSecond, int backlog) {
        return new Schedule.OpenLoop(new ConstantRate(ratePerSecond), backlog);
    }

    private static RunSpec spec(
            int connections,
            long durationNanos,
            long requestCount,
            long timeoutNanos,
            Schedule schedule,
            long warmupNanos) {
        TargetSpec target = new TargetSpec(URI.create("fake://target"), "GET", List.of(), new byte[0], false);
        return new RunSpec(target, 1, connections, durationNanos, requestCount, timeoutNanos, schedule, 1, warmupNanos);
    }
}
