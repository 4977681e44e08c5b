package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
        WorkerRecorder recorder = new WorkerRecorder(true, StatsSchema.NONE);

        recorder.recordResponse(WorkerRecorder.WARMUP, 0, 10, 5_000, 503, ErrorKind.STATUS);
        recorder.recordResponse(WorkerRecorder.WARMUP, 0, 10, 7_000, 200, null);
        recorder.recordResponse(WorkerRecorder.MEASURED, 100, 200, 2_100, 503, ErrorKind.STATUS);

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
        WorkerRecorder recorder = new WorkerRecorder(false, StatsSchema.NONE);

        recorder.recordResponse(WorkerRecorder.window(0, 0), 0, 0, 1_000, 200, null);

        assertThat(recorder.requests()).isEqualTo(1);
        assertThat(recorder.warmupResponses()).isZero();
        assertThat(recorder.swapCorrected(WorkerRecorder.MEASURED, null).getTotalCount())
                .isEqualTo(1);
    }

    @Test
    void lateAndDroppedSendsOfTheWarmupAreLeftOut() {
        WorkerRecorder recorder = new WorkerRecorder(true, StatsSchema.NONE);

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

    @Test
    void theProtocolsFiguresOfTheWarmupAreLeftOutLikeItsResponses() {
        WorkerRecorder recorder =
                new WorkerRecorder(true, new StatsSchema(List.of("sent", "received"), List.of("gap")));

        recorder.recordProtocolCount(WorkerRecorder.WARMUP, 0, 5);
        recorder.recordProtocolCount(WorkerRecorder.MEASURED, 0, 2);
        recorder.recordProtocolCount(WorkerRecorder.MEASURED, 1, 3);
        recorder.recordProtocolValue(WorkerRecorder.WARMUP, 0, 1_000);
        recorder.recordProtocolValue(WorkerRecorder.MEASURED, 0, 2_000);
        recorder.recordErrorMessage(WorkerRecorder.WARMUP, "early");
        recorder.recordErrorMessage(WorkerRecorder.MEASURED, "late");
        recorder.recordErrorMessage(WorkerRecorder.MEASURED, "late");

        assertThat(recorder.protocolCount(0)).isEqualTo(2);
        assertThat(recorder.protocolCount(1)).isEqualTo(3);
        assertThat(recorder.swapProtocol(WorkerRecorder.MEASURED, 0, null).getTotalCount())
                .isEqualTo(1);
        assertThat(recorder.swapProtocol(WorkerRecorder.WARMUP, 0, null).getTotalCount())
                .isEqualTo(1);
        assertThat(recorder.errorMessages()).containsExactly(Map.entry("late", 2L));
    }

    @Test
    void distinctErrorMessagesBeyondTheLimitAreCountedTogether() {
        WorkerRecorder recorder = new WorkerRecorder(false, StatsSchema.NONE);

        for (int i = 0; i < WorkerRecorder.MAX_ERROR_MESSAGES + 5; i++) {
            recorder.recordErrorMessage(WorkerRecorder.MEASURED, "message " + i);
        }
        recorder.recordErrorMessage(WorkerRecorder.MEASURED, "message 0");

        assertThat(recorder.errorMessages())
                .hasSize(WorkerRecorder.MAX_ERROR_MESSAGES + 1)
                .containsEntry("message 0", 2L)
                .containsEntry(WorkerRecorder.OTHER_ERROR_MESSAGES, 5L);
    }

    @Test
    void bytesOfTheWarmupAreLeftOut() {
        WorkerRecorder recorder = new WorkerRecorder(true, StatsSchema.NONE);

        recorder.recordBytes(WorkerRecorder.WARMUP, 1_000, 100);
        recorder.recordBytes(WorkerRecorder.MEASURED, 20, 2);

        assertThat(recorder.bytesRead()).isEqualTo(20);
        assertThat(recorder.bytesWritten()).isEqualTo(2);
    }
}
