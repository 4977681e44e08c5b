package dev.loadgen.core;

import dev.loadgen.core.trace.Traceparent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code capacity} slowest traced requests offered to it, in parallel arrays so that offering allocates
 * nothing: a request slower than the fastest one kept replaces it. Not thread-safe: one owner at a time (a worker's
 * loop while it records, the reporter once it has it back, see {@link SlowestRecorder}).
 */
final class SlowestTraced {
    private final int capacity;
    private final long[] latencyNanos;
    private final int[] status;
    private final long[] traceIdHigh;
    private final long[] traceIdLow;
    private final long[] spanId;
    private final long[] endNanos;
    private int size;
    /** The index of the fastest request kept, once full. */
    private int fastest;

    SlowestTraced(int capacity) {
        this.capacity = capacity;
        latencyNanos = new long[capacity];
        status = new int[capacity];
        traceIdHigh = new long[capacity];
        traceIdLow = new long[capacity];
        spanId = new long[capacity];
        endNanos = new long[capacity];
    }

    /** Keeps the request if it is among the slowest so far. */
    void offer(long latency, int code, long high, long low, long span, long end) {
        int at;
        if (size < capacity) {
            at = size++;
        } else if (capacity > 0 && latency > latencyNanos[fastest]) {
            at = fastest;
        } else {
            return;
        }
        latencyNanos[at] = latency;
        status[at] = code;
        traceIdHigh[at] = high;
        traceIdLow[at] = low;
        spanId[at] = span;
        endNanos[at] = end;
        if (size == capacity) {
            fastest = 0;
            for (int i = 1; i < size; i++) {
                if (latencyNanos[i] < latencyNanos[fastest]) {
                    fastest = i;
                }
            }
        }
    }

    /** Offers every request {@code other} holds. */
    void addAll(SlowestTraced other) {
        for (int i = 0; i < other.size; i++) {
            offer(
                    other.latencyNanos[i],
                    other.status[i],
                    other.traceIdHigh[i],
                    other.traceIdLow[i],
                    other.spanId[i],
                    other.endNanos[i]);
        }
    }

    void clear() {
        size = 0;
        fastest = 0;
    }

    /** The requests kept, slowest first; end times relative to {@code startNanos}. */
    List<TracedRequest> toList(long startNanos) {
        List<TracedRequest> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(new TracedRequest(
                    latencyNanos[i],
                    status[i],
                    Traceparent.traceId(traceIdHigh[i], traceIdLow[i]),
                    Traceparent.spanId(spanId[i]),
                    endNanos[i] - startNanos));
        }
        list.sort(Comparator.comparingLong(TracedRequest::latencyNanos).reversed());
        return list;
    }
}
