package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ScriptedDriver.Outcome;
import dev.loadgen.core.ScriptedDriver.Sent;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A schedule split over N workers ({@link EveryNthFireTimes}) on {@link VirtualLoop}s, against a driver whose
 * latency depends on each request's place in the whole schedule: the workers together send exactly the one-machine
 * run's requests at its times, and their histograms added up equal the one-machine run's bit for bit. The rates
 * keep every worker's sends more than 1 ms apart, where a worker wakes exactly when each request is due (denser
 * schedules wake on a periodic timer, whose phase would add up to one period to some latencies).
 */
class SplitScheduleDeterministicTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 3 * SECOND;

    /** Latency that varies with the request's intended offset, and so with its index in the whole schedule. */
    private static Outcome latencyOf(long intendedNanos) {
        long offset = intendedNanos - T0;
        return Outcome.respondAfter(50 * US + (offset / 997) % 400 * US);
    }

    @Test
    void theWorkersOfAConstantRateTogetherAreTheOneMachineRun() {
        assertSplitEqualsWhole(new ConstantRate(1000), SECOND, 3);
        assertSplitEqualsWhole(new ConstantRate(777), SECOND, 7);
    }

    @Test
    void theWorkersOfStagesTogetherAreTheOneMachineRun() {
        RateStages stages = new RateStages(List.of(
                new RateStages.Stage(300 * MS, 600),
                new RateStages.Stage(400 * MS, 900),
                new RateStages.Stage(300 * MS, 0)));
        assertSplitEqualsWhole(stages, stages.durationNanos(), 4);
    }

    private static void assertSplitEqualsWhole(FireTimes whole, long durationNanos, int workers) {
        Run single = run(whole, durationNanos, 8);
        List<Sent> union = new ArrayList<>();
        Histogram corrected = WorkerRecorder.newHistogram();
        Histogram uncorrected = WorkerRecorder.newHistogram();
        long requests = 0;
        for (int i = 0; i < workers; i++) {
            Run share = run(new EveryNthFireTimes(whole, i, workers), durationNanos, 8 / workers + 1);
            union.addAll(share.driver.sent);
            corrected.add(share.corrected);
            uncorrected.add(share.uncorrected);
            requests += share.worker.recorder().requests();
        }
        union.sort((a, b) -> Long.compare(a.intendedNanos(), b.intendedNanos()));

        assertThat(single.driver.sent).hasSizeGreaterThan(500);
        assertThat(union).containsExactlyElementsOf(single.driver.sent);
        assertThat(requests).isEqualTo(single.worker.recorder().requests());
        assertThat(encoded(corrected)).isEqualTo(encoded(single.corrected));
        assertThat(encoded(uncorrected)).isEqualTo(encoded(single.uncorrected));
        assertThat(corrected.getTotalCount()).isEqualTo(single.driver.sent.size());
    }

    private record Run(ScriptedDriver driver, Worker worker, Histogram corrected, Histogram uncorrected) {}

    private static Run run(FireTimes fireTimes, long durationNanos, int connections) {
        VirtualLoop loop = new VirtualLoop();
        TargetSpec target = new TargetSpec(URI.create("fake://target"), "GET", List.of(), new byte[0], false);
        RunSpec spec = new RunSpec(
                target, 1, connections, durationNanos, 0, SECOND, new Schedule.OpenLoop(fireTimes, 1000), 1, 0);
        ScriptedDriver driver = ScriptedDriver.byIntendedTime(SECOND, SplitScheduleDeterministicTest::latencyOf);
        CountDownLatch connected = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Worker worker = new Worker(0, loop.loop(), driver, spec, connected, finished);
        worker.connect();
        loop.runUntil(T0);
        worker.start(T0);
        loop.runUntil(T0 + durationNanos + SECOND);
        assertThat(finished.getCount()).isZero();
        assertThat(worker.recorder().lateSends()).isZero();
        return new Run(
                driver,
                worker,
                worker.recorder().swapCorrected(WorkerRecorder.MEASURED, null),
                worker.recorder().swapUncorrected(WorkerRecorder.MEASURED, null));
    }

    private static byte[] encoded(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return java.util.Arrays.copyOf(buffer.array(), length);
    }
}
