package dev.loadgen.core;

import org.HdrHistogram.WriterReaderPhaser;

/**
 * One worker's slowest traced requests of the current interval, double-buffered like HdrHistogram's
 * {@code SingleWriterRecorder}: the worker's loop records into the active set; the reporter swaps in an empty one
 * and reads the full one once the loop has left it ({@link WriterReaderPhaser}), so neither waits on a lock.
 * Only traced requests pass through here, so untraced ones cost nothing.
 *
 * <p>Threading: {@link #record} on the worker's loop only; {@link #swap} on the reporter thread only.
 */
final class SlowestRecorder {
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private volatile SlowestTraced active;
    private SlowestTraced inactive;

    SlowestRecorder(int capacity) {
        active = new SlowestTraced(capacity);
        inactive = new SlowestTraced(capacity);
    }

    /** Event loop only: a traced response. */
    void record(long latencyNanos, int status, long traceIdHigh, long traceIdLow, long spanId, long endNanos) {
        long critical = phaser.writerCriticalSectionEnter();
        try {
            active.offer(latencyNanos, status, traceIdHigh, traceIdLow, spanId, endNanos);
        } finally {
            phaser.writerCriticalSectionExit(critical);
        }
    }

    /**
     * Reporter thread only: adds the requests recorded since the last call to {@code into}, and starts a new
     * interval.
     */
    void swap(SlowestTraced into) {
        inactive.clear();
        phaser.readerLock();
        try {
            SlowestTraced full = active;
            active = inactive;
            inactive = full;
            phaser.flipPhase();
        } finally {
            phaser.readerUnlock();
        }
        into.addAll(inactive);
    }
}
