package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a run's stop reason comes from its workers' and from {@link LoadRun#stop(StopReason)}; runs on real event
 * loops are in {@link LoadRunStopReasonIT}.
 */
class LoadRunStopReasonTest {

    @Test
    void aRequestedStopWinsOverWhatTheWorkersSay() {
        assertThat(LoadRun.stopReason(StopReason.ABORTED, List.of(StopReason.COUNT, StopReason.UNREACHABLE)))
                .isEqualTo(StopReason.ABORTED);
        assertThat(LoadRun.stopReason(StopReason.INTERRUPTED, List.of(StopReason.DURATION)))
                .isEqualTo(StopReason.INTERRUPTED);
    }

    @Test
    void oneWorkerGivingUpOnTheTargetMakesTheRunUnreachable() {
        assertThat(LoadRun.stopReason(null, List.of(StopReason.COUNT, StopReason.UNREACHABLE)))
                .isEqualTo(StopReason.UNREACHABLE);
    }

    @Test
    void theCountIsTheReasonOnlyWhenEveryWorkerSentItsShare() {
        assertThat(LoadRun.stopReason(null, List.of(StopReason.COUNT, StopReason.COUNT)))
                .isEqualTo(StopReason.COUNT);
        assertThat(LoadRun.stopReason(null, List.of(StopReason.COUNT, StopReason.DURATION)))
                .isEqualTo(StopReason.DURATION);
    }
}
