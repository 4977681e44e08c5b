package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The slowest traced requests: the N slowest kept, slowest first, and handed from a worker to the reporter. */
class SlowestTracedTest {
    @Test
    void keepsTheSlowestAndListsThemSlowestFirst() {
        SlowestTraced slowest = new SlowestTraced(3);
        long[] latencies = {5, 1, 9, 3, 7, 2, 8};
        for (int i = 0; i < latencies.length; i++) {
            slowest.offer(latencies[i], 200 + i, 0, i + 1, 100 + i, 1000 + i);
        }
        List<TracedRequest> list = slowest.toList(1000);
        assertThat(list).extracting(TracedRequest::latencyNanos).containsExactly(9L, 8L, 7L);
        assertThat(list.get(0).status()).isEqualTo(202);
        assertThat(list.get(0).traceId()).isEqualTo("00000000000000000000000000000003");
        assertThat(list.get(0).spanId()).isEqualTo("0000000000000066");
        assertThat(list.get(0).endOffsetNanos()).isEqualTo(2);
    }

    @Test
    void theRecorderHandsEachIntervalOverOnce() {
        SlowestRecorder recorder = new SlowestRecorder(2);
        recorder.record(10, 200, 0, 1, 1, 0);
        recorder.record(30, 200, 0, 2, 2, 0);
        recorder.record(20, 200, 0, 3, 3, 0);
        SlowestTraced interval = new SlowestTraced(2);
        recorder.swap(interval);
        assertThat(interval.toList(0)).extracting(TracedRequest::latencyNanos).containsExactly(30L, 20L);
        interval.clear();
        recorder.swap(interval);
        assertThat(interval.toList(0)).isEmpty();
        recorder.record(5, 200, 0, 4, 4, 0);
        recorder.swap(interval);
        assertThat(interval.toList(0)).extracting(TracedRequest::latencyNanos).containsExactly(5L);
    }
}
