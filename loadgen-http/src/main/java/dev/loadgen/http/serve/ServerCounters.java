package dev.loadgen.http.serve;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counts of one server. Event loops add to them concurrently (adders, so loops do not contend on one
 * cache line); any thread may take a {@link #snapshot()}.
 */
final class ServerCounters {
    /** Lowest status a final response can have; {@link ResponseShape} refuses informational codes. */
    private static final int MIN_STATUS = 200;

    private static final int MAX_STATUS = 599;

    private final LongAdder requests = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    /** One per final status code, at index code - {@link #MIN_STATUS}; made up front so counting allocates nothing. */
    private final StatusCount[] byStatus = new StatusCount[MAX_STATUS - MIN_STATUS + 1];

    ServerCounters() {
        for (int i = 0; i < byStatus.length; i++) {
            byStatus[i] = new StatusCount();
        }
    }

    void requestReceived() {
        requests.increment();
    }

    void bytesWritten(long count) {
        bytes.add(count);
    }

    /** A listener for the write of a response with {@code status}; it counts the response if the write succeeds. */
    ChannelFutureListener responseWritten(int status) {
        return byStatus[status - MIN_STATUS];
    }

    /**
     * The counts now. Responses are read before requests and bytes: an event loop counts a request before its
     * response, and its bytes before the response (the byte counter's listener is added to the write first), so
     * the snapshot never shows a response without its request or its bytes.
     */
    ServedCounts snapshot() {
        TreeMap<Integer, Long> responsesByStatus = new TreeMap<>();
        long responses = 0;
        for (int i = 0; i < byStatus.length; i++) {
            long count = byStatus[i].count.sum();
            if (count > 0) {
                responsesByStatus.put(MIN_STATUS + i, count);
                responses += count;
            }
        }
        long bytesNow = bytes.sum();
        return new ServedCounts(requests.sum(), responses, bytesNow, responsesByStatus);
    }

    private static final class StatusCount implements ChannelFutureListener {
        final LongAdder count = new LongAdder();

        @Override
        public void operationComplete(ChannelFuture future) {
            if (future.isSuccess()) {
                count.increment();
            }
        }
    }
}
