package dev.loadgen.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ring a worker hands its traced requests to: what goes in comes out in order, and a full ring drops. */
class SpanQueueTest {
    @Test
    void recordsComeOutAsTheyWentInAndAFullRingDropsAndCounts() {
        SpanQueue queue = new SpanQueue(2);
        queue.offer(1, 2, 3, 200, false, null, 4, 5, 6);
        queue.offer(7, 8, 9, 0, false, ErrorKind.TIMEOUT, 10, 11, 12);
        queue.offer(13, 14, 15, 503, true, null, 16, 17, 18);
        assertThat(queue.dropped()).isEqualTo(1);
        List<String> out = new ArrayList<>();
        SpanQueue.Consumer into =
                (intended, write, end, status, error, failure, high, low, span) -> out.add(intended + "," + write + ","
                        + end + "," + status + "," + error + "," + failure + "," + high + "," + low + "," + span);
        assertThat(queue.poll(into)).isTrue();
        queue.offer(19, 20, 21, 503, true, null, 22, 23, 24);
        assertThat(queue.poll(into)).isTrue();
        assertThat(queue.poll(into)).isTrue();
        assertThat(queue.poll(into)).isFalse();
        assertThat(out)
                .containsExactly(
                        "1,2,3,200,false,null,4,5,6",
                        "7,8,9,0,false,TIMEOUT,10,11,12",
                        "19,20,21,503,true,null,22,23,24");
        assertThat(queue.dropped()).isEqualTo(1);
    }
}
