package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class WorkerRecorderTest {
    @Test
    void theWindowStartsExactlyAtTheFirstMeasuredIntendedTime() {
        long from = 1_000_000_000L;
        assertThat(WorkerRecorder.window(from - 1, from)).isEqualTo(WorkerRecorder.WARMUP);
        assertThat(WorkerRecorder.window(from, from)).isEqualTo(WorkerRecorder.MEASURED);
        assertThat(WorkerRecorder.window(from + 1, from)).isEqualTo(WorkerRecorder.MEASURED);
        assertThat(WorkerRecorder.window(Long.MIN_VALUE / 4, from)).isEqualTo(WorkerRecorder.WARMUP);
        assertThat(WorkerRecorder.window(Long.MAX_VALUE / 4, from)).isEqualTo(WorkerRecorder.MEASURED);
        assertThat(WorkerRecorder.window(-5, -4)).isEqualTo(WorkerRecorder.WARMUP);
        assertThat(WorkerRecorder.window(-4, -4)).isEqualTo(WorkerRecorder.MEASURED);
    }

    @Test
    void warmupResponsesAreCountedApartAndAppearInNoOtherFigure() {
        WorkerRecorder recorder = new WorkerRecorder(true);

        recorder.recordResponse(WorkerRecorder.WARMUP, 0, 10, 5_000, 503, true);
        recorder.recordResponse(WorkerRecorder.WARMUP, 0, 10, 7_000, 200, false);
        recorder.recordResponse(WorkerRecorder.MEASURED, 100, 200, 2_100, 503, true);

        assertThat(recorder.warmupResponses()).isEqualTo(2);
        assertThat(recorder.requests()).isEqualTo(1);
        assertThat(recorder.status(503)).isEqualTo(1);
        assertThat(recorder.status(200)).isZero();
        assertThat(recorder.errors(ErrorKind.STATUS)).isEqualTo(1);
        Histogram corrected = recorder.swapCorrected(WorkerRecorder.MEASURED, null);
        Histogram uncorrected = recorder.swapUncorrected(WorkerRecorder.MEASURED, null);
        assertThat(corrected.getTotalCount()).isEqualTo(1);
        assertThat(corrected.getMaxValue()).isEqualTo(corrected.highestEquivalentValue(2_000));
        assertThat(uncorrected.getTotalCount()).isEqualTo(1);
        assertThat(uncorrected.getMaxValue()).isEqualTo(uncorrected.highestEquivalentValue(1_900));
    }

    @Test
    void withoutAWarmupEveryResponseIsMeasured() {
        WorkerRecorder recorder = new WorkerRecorder(false);

        recorder.recordResponse(WorkerRecorder.window(0, 0), 0, 0, 1_000, 200, false);

        assertThat(recorder.requests()).isEqualTo(1);
        assertThat(recorder.warmupResponses()).isZero();
        assertThat(recorder.swapCorrected(WorkerRecorder.MEASURED, null).getTotalCount()).isEqualTo(1);
    }

    @Test
    void lateAndDroppedSendsOfTheWarmupAreLeftOut() {
        WorkerRecorder recorder = new WorkerRecorder(true);

        recorder.recordLateSend(WorkerRecorder.WARMUP, 400_000_000L);
        recorder.recordDropped(WorkerRecorder.WARMUP, 7);
        assertThat(recorder.lateSends()).isZero();
        assertThat(recorder.maxLatenessNanos()).isZero();
        assertThat(recorder.dropped()).isZero();

        recorder.recordLateSend(WorkerRecorder.MEASURED, 2_000_000L);
        recorder.recordLateSend(WorkerRecorder.MEASURED, 3_000_000L);
        recorder.recordLateSend(WorkerRecorder.WARMUP, 9_000_000L);
        recorder.recordDropped(WorkerRecorder.MEASURED, 2);
        assertThat(recorder.lateSends()).isEqualTo(2);
        assertThat(recorder.maxLatenessNanos()).isEqualTo(3_000_000L);
        assertThat(recorder.dropped()).isEqualTo(2);
    }
}
