package dev.loadgen.core;

/** A bounded FIFO of primitive longs that never allocates after construction. Not thread safe: one owner. */
final class LongRing {
    private final long[] values;
    private int head;
    private int size;

    LongRing(int capacity) {
        values = new long[capacity];
    }

    /** Appends {@code value}; false when full. */
    boolean offer(long value) {
        if (size == values.length) {
            return false;
        }
        values[(head + size) % values.length] = value;
        size++;
        return true;
    }

    /** Removes and returns the oldest value; the ring must not be empty. */
    long poll() {
        long value = values[head];
        head = (head + 1) % values.length;
        size--;
        return value;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}
