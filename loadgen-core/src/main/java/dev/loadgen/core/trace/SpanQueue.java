package dev.loadgen.core.trace;

import dev.loadgen.core.ErrorKind;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The traced requests of one worker on their way to a span exporter: a bounded single-producer, single-consumer
 * ring of primitive records, so that the worker's loop hands a span over without allocating or waiting. When the
 * exporter falls behind (a slow or dead collector) the ring fills and further spans are dropped and counted.
 *
 * <p>Threading: {@link #offer} on the worker's loop only; {@link #poll} on the exporter's thread only; the counts
 * from any thread.
 */
@SuppressWarnings("EnumOrdinal") // a failure travels as its ErrorKind ordinal in a long, so offering allocates nothing
public final class SpanQueue {
    /** Longs per record: intended, write, end, status, flags and failure, trace ID (2), span ID. */
    private static final int FIELDS = 8;

    private final int capacity;
    private final long[] records;
    /** Records offered so far; written by the producer. */
    private final AtomicLong tail = new AtomicLong();
    /** Records taken so far; written by the consumer. */
    private final AtomicLong head = new AtomicLong();

    private final AtomicLong dropped = new AtomicLong();

    public SpanQueue(int capacity) {
        this.capacity = capacity;
        this.records = new long[capacity * FIELDS];
    }

    /** Worker's loop only: a traced request that is over; dropped and counted when the ring is full. */
    public void offer(
            long intendedNanos,
            long writeNanos,
            long endNanos,
            int status,
            boolean statusIsError,
            ErrorKind failure,
            long traceIdHigh,
            long traceIdLow,
            long spanId) {
        long at = tail.get();
        if (at - head.get() >= capacity) {
            dropped.lazySet(dropped.get() + 1);
            return;
        }
        int base = (int) (at % capacity) * FIELDS;
        records[base] = intendedNanos;
        records[base + 1] = writeNanos;
        records[base + 2] = endNanos;
        records[base + 3] = status;
        records[base + 4] = (statusIsError ? 1L : 0L) | ((failure == null ? 0L : failure.ordinal() + 1L) << 1);
        records[base + 5] = traceIdHigh;
        records[base + 6] = traceIdLow;
        records[base + 7] = spanId;
        tail.lazySet(at + 1);
    }

    /** Exporter's thread only: hands the oldest record to {@code into} and frees it; false when there is none. */
    public boolean poll(Consumer into) {
        long at = head.get();
        if (at == tail.get()) {
            return false;
        }
        int base = (int) (at % capacity) * FIELDS;
        long flags = records[base + 4];
        int failure = (int) (flags >>> 1);
        into.accept(
                records[base],
                records[base + 1],
                records[base + 2],
                (int) records[base + 3],
                (flags & 1) != 0,
                failure == 0 ? null : ErrorKind.values()[failure - 1],
                records[base + 5],
                records[base + 6],
                records[base + 7]);
        head.lazySet(at + 1);
        return true;
    }

    /** Any thread: spans dropped because the ring was full. */
    public long dropped() {
        return dropped.get();
    }

    /** What takes the records, with the arguments {@link #offer} was given. */
    @FunctionalInterface
    public interface Consumer {
        void accept(
                long intendedNanos,
                long writeNanos,
                long endNanos,
                int status,
                boolean statusIsError,
                ErrorKind failure,
                long traceIdHigh,
                long traceIdLow,
                long spanId);
    }
}
