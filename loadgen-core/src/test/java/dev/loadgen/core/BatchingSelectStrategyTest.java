package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.SelectStrategy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchingSelectStrategyTest {
    private final List<Long> pauses = new ArrayList<>();
    private final BatchingSelectStrategy strategy = new BatchingSelectStrategy(pauses::add);

    @Test
    void aLoopThatFindsNothingWaitingBlocksAsByDefault() throws Exception {
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(pauses).isEmpty();
    }

    @Test
    void pausesOnlyAfterEnoughPollsInARowFoundWorkWaiting() throws Exception {
        for (int i = 0; i < BatchingSelectStrategy.HOT_POLLS; i++) {
            assertThat(strategy.calculateStrategy(() -> 3, false)).isEqualTo(3);
        }
        assertThat(pauses).isEmpty();

        assertThat(strategy.calculateStrategy(() -> 5, false)).isEqualTo(5);
        assertThat(pauses).containsExactly(BatchingSelectStrategy.PAUSE_NANOS);
    }

    @Test
    void aPauseAfterWhichNothingIsWaitingEndsThePausing() throws Exception {
        for (int i = 0; i < BatchingSelectStrategy.HOT_POLLS; i++) {
            strategy.calculateStrategy(() -> 1, false);
        }
        assertThat(strategy.calculateStrategy(() -> 0, false)).isEqualTo(SelectStrategy.SELECT);
        assertThat(pauses).hasSize(1);

        assertThat(strategy.calculateStrategy(() -> 1, false)).isEqualTo(1);
        assertThat(pauses).hasSize(1);
    }

    @Test
    void pendingTasksNeverWaitForAPause() throws Exception {
        for (int i = 0; i < BatchingSelectStrategy.HOT_POLLS; i++) {
            strategy.calculateStrategy(() -> 1, false);
        }
        assertThat(strategy.calculateStrategy(() -> 0, true)).isEqualTo(0);
        assertThat(strategy.calculateStrategy(() -> 2, true)).isEqualTo(2);
        assertThat(pauses).isEmpty();
    }

    @Test
    void onlyLoopsWithManyRequestsInFlightOnMultiplexingConnectionsUseIt() {
        assertThat(BatchingSelectStrategy.suits(spec(1, 16, 10))).isTrue();
        assertThat(BatchingSelectStrategy.suits(spec(2, 16, 10))).isTrue();
        assertThat(BatchingSelectStrategy.suits(spec(2, 13, 10)))
                .as("one loop has 60")
                .isFalse();
        assertThat(BatchingSelectStrategy.suits(spec(1, 4, 8))).isFalse();
        assertThat(BatchingSelectStrategy.suits(spec(1, 256, 1)))
                .as("one request per connection")
                .isFalse();
    }

    private static RunSpec spec(int threads, int connections, int inFlightPerConnection) {
        return new RunSpec(
                new TargetSpec(URI.create("fake://target"), "GET", List.of(), new byte[0], false),
                threads,
                connections,
                1_000_000_000L,
                0,
                1_000_000_000L,
                Schedule.closedLoop(),
                inFlightPerConnection,
                0);
    }
}
