package dev.loadgen.core;

import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One worker's measurements. Written only by the worker's event loop (single writer); read by the reporter
 * thread, which swaps the interval histograms and reads the counters. Recording allocates nothing.
 */
final class WorkerRecorder {
    /** Latencies are recorded in nanoseconds up to one hour; longer values are clamped to it. */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;
    static final int MAX_STATUS = 999;

    private static final int REQUESTS = 0;
    private static final int BYTES_READ = 1;
    private static final int BYTES_WRITTEN = 2;
    private static final int WARMUP_RESPONSES = 3;
    private static final int LATE_SENDS = 4;
    private static final int MAX_LATENESS = 5;
    private static final int DROPPED = 6;
    private static final int FIRST_ERROR = 7;

    private final SingleWriterRecorder corrected = newRecorder();
    private final SingleWriterRecorder uncorrected = newRecorder();
    private final AtomicLongArray counters = new AtomicLongArray(FIRST_ERROR + ErrorKind.all().length);
    private final AtomicLongArray statuses = new AtomicLongArray(MAX_STATUS + 1);

    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
    }

    private static SingleWriterRecorder newRecorder() {
        return new SingleWriterRecorder(1, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
    }

    /** Event loop only. */
    void recordResponse(long intendedNanos, long writeNanos, long endNanos, int status) {
        corrected.recordValue(clamp(endNanos - intendedNanos));
        uncorrected.recordValue(clamp(endNanos - writeNanos));
        increment(counters, REQUESTS, 1);
        increment(statuses, Math.min(Math.max(status, 0), MAX_STATUS), 1);
    }

    /** Event loop only: a response to a request sent during the warm-up, counted but not recorded. */
    void recordWarmupResponse() {
        increment(counters, WARMUP_RESPONSES, 1);
    }

    /** Event loop only: a request written {@code latenessNanos} after its intended time. */
    void recordLateSend(long latenessNanos) {
        increment(counters, LATE_SENDS, 1);
        if (latenessNanos > counters.getPlain(MAX_LATENESS)) {
            counters.lazySet(MAX_LATENESS, latenessNanos);
        }
    }

    /** Event loop only: requests the schedule asked for that were never sent. */
    void recordDropped(long count) {
        increment(counters, DROPPED, count);
    }

    /** Event loop only. */
    void recordError(ErrorKind kind) {
        increment(counters, FIRST_ERROR + kind.ordinal(), 1);
    }

    /** Event loop only. */
    void recordBytes(long read, long written) {
        if (read != 0) {
            increment(counters, BYTES_READ, read);
        }
        if (written != 0) {
            increment(counters, BYTES_WRITTEN, written);
        }
    }

    private static long clamp(long nanos) {
        return Math.min(Math.max(nanos, 1), HIGHEST_NANOS);
    }

    /** Single writer: a plain read-add and an ordered store is enough, and cheaper than an atomic add. */
    private static void increment(AtomicLongArray array, int index, long delta) {
        array.lazySet(index, array.getPlain(index) + delta);
    }

    /** Any thread. Responses completed so far. */
    long requests() {
        return counters.get(REQUESTS);
    }

    long bytesRead() {
        return counters.get(BYTES_READ);
    }

    long bytesWritten() {
        return counters.get(BYTES_WRITTEN);
    }

    long warmupResponses() {
        return counters.get(WARMUP_RESPONSES);
    }

    long lateSends() {
        return counters.get(LATE_SENDS);
    }

    long maxLatenessNanos() {
        return counters.get(MAX_LATENESS);
    }

    long dropped() {
        return counters.get(DROPPED);
    }

    long errors(ErrorKind kind) {
        return counters.get(FIRST_ERROR + kind.ordinal());
    }

    long status(int code) {
        return statuses.get(code);
    }

    /**
     * Reporter thread only: the corrected latencies recorded since the last call. {@code recycle} is null or a
     * histogram this method returned before, reused to avoid allocation.
     */
    Histogram swapCorrected(Histogram recycle) {
        return corrected.getIntervalHistogram(recycle);
    }

    /** Reporter thread only: as {@link #swapCorrected} for latencies measured from the actual write. */
    Histogram swapUncorrected(Histogram recycle) {
        return uncorrected.getIntervalHistogram(recycle);
    }
}
