package dev.loadgen.core;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One worker's measurements. Written only by the worker's event loop (single writer); read by the reporter
 * thread, which swaps the interval histograms and reads the counters. Recording allocates nothing.
 *
 * <p>A response to a request sent during the warm-up is recorded exactly like a measured one, only into a second
 * pair of recorders, which the reporter swaps and adds up like the measured ones and then throws away: the
 * compiler then sees one recording path, with the same branches taken, from the first response on, instead of a
 * path first met when the warm-up ends, whose compilation and the deoptimization around it stalled the first
 * measured seconds of constant-rate runs by tens of milliseconds. A request of the warm-up that fails (a timeout,
 * a read error) is counted the same way, in error counters of the warm-up's own.
 */
@SuppressWarnings("EnumOrdinal") // the error counters are slots of one AtomicLongArray, by ErrorKind ordinal
final class WorkerRecorder {
    /** {@link #recordResponse} window of a response to a request sent during the warm-up. */
    static final int WARMUP = 0;
    /** {@link #recordResponse} window of a response in the measured part of the run. */
    static final int MEASURED = 1;

    /** Latencies are recorded in nanoseconds up to one hour; longer values are clamped to it. */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;

    static final int SIGNIFICANT_DIGITS = 3;
    static final int MAX_STATUS = 999;
    /** Distinct error messages a worker keeps; see {@link #recordErrorMessage}. */
    static final int MAX_ERROR_MESSAGES = 100;

    static final String OTHER_ERROR_MESSAGES = "(other messages)";

    private static final int REQUESTS = 0;
    private static final int BYTES_READ = 1;
    private static final int BYTES_WRITTEN = 2;
    private static final int WARMUP_RESPONSES = 3;
    private static final int LATE_SENDS = 4;
    private static final int MAX_LATENESS = 5;
    private static final int DROPPED = 6;
    /** The warm-up's own late sends, their maximum lateness and drops: counted like the measured ones, never read. */
    private static final int WARMUP_LATE_SENDS = 7;

    private static final int WARMUP_MAX_LATENESS = 8;
    private static final int WARMUP_DROPPED = 9;
    /** Bytes moved during the warm-up: counted like the measured ones, never read. */
    private static final int WARMUP_BYTES_READ = 10;

    private static final int WARMUP_BYTES_WRITTEN = 11;
    /** Published by the worker's timeout sweep, not per request: see {@link #recordTick}. */
    private static final int TICK_NANOS = 12;

    private static final int IN_FLIGHT = 13;
    private static final int OPEN_CONNECTIONS = 14;
    private static final int FIRST_ERROR = 15;
    /** The warm-up's failures by kind: counted like the measured ones, never read. */
    private static final int FIRST_WARMUP_ERROR = FIRST_ERROR + ErrorKind.all().length;

    private final AtomicLongArray counters = new AtomicLongArray(FIRST_WARMUP_ERROR + ErrorKind.all().length);
    /** By window: the warm-up's recorders (made only for a run with a warm-up), then the measured ones. */
    private final SingleWriterRecorder[] correctedByWindow;

    private final SingleWriterRecorder[] uncorrectedByWindow;
    private final AtomicLongArray[] statusesByWindow;
    /** By window, like the latencies: the protocol's counters and histograms of its {@link StatsSchema}. */
    private final AtomicLongArray[] protocolCountersByWindow;

    private final SingleWriterRecorder[][] protocolHistogramsByWindow;
    /** Failures of the measured window by the protocol's message; written on the loop, read after the run. */
    private final Map<String, Long> errorMessages = new HashMap<>();

    /**
     * @param warmup whether the run has a warm-up, whose figures need recorders of their own
     * @param schema the protocol's own counters and histograms
     */
    WorkerRecorder(boolean warmup, StatsSchema schema) {
        correctedByWindow = new SingleWriterRecorder[] {warmup ? newRecorder() : null, newRecorder()};
        uncorrectedByWindow = new SingleWriterRecorder[] {warmup ? newRecorder() : null, newRecorder()};
        statusesByWindow = new AtomicLongArray[] {
            warmup ? new AtomicLongArray(MAX_STATUS + 1) : null, new AtomicLongArray(MAX_STATUS + 1)
        };
        int counterCount = schema.counters().size();
        protocolCountersByWindow = new AtomicLongArray[] {
            warmup ? new AtomicLongArray(counterCount) : null, new AtomicLongArray(counterCount)
        };
        protocolHistogramsByWindow = new SingleWriterRecorder[][] {
            warmup ? newRecorders(schema.histograms().size()) : null,
            newRecorders(schema.histograms().size())
        };
    }

    private static SingleWriterRecorder[] newRecorders(int count) {
        SingleWriterRecorder[] recorders = new SingleWriterRecorder[count];
        for (int i = 0; i < count; i++) {
            recorders[i] = newRecorder();
        }
        return recorders;
    }

    /**
     * The window of a response to the request intended at {@code intendedNanos} when measuring starts at
     * {@code recordFromNanos}: {@link #MEASURED} from then on, {@link #WARMUP} before, computed without a branch
     * for the compiler to specialize on the warm-up's side.
     */
    static int window(long intendedNanos, long recordFromNanos) {
        return (int) ((recordFromNanos - 1 - intendedNanos) >>> 63);
    }

    static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
    }

    private static SingleWriterRecorder newRecorder() {
        return new SingleWriterRecorder(1, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
    }

    /**
     * Event loop only: a complete response in {@code window} ({@link #window}); its error ({@code error}, null for
     * none) is counted only in the measured window, as warm-up responses appear in no figure but their own count.
     */
    void recordResponse(int window, long intendedNanos, long writeNanos, long endNanos, int status, ErrorKind error) {
        correctedByWindow[window].recordValue(clamp(endNanos - intendedNanos));
        uncorrectedByWindow[window].recordValue(clamp(endNanos - writeNanos));
        increment(counters, pick(window, REQUESTS, WARMUP_RESPONSES), 1);
        increment(statusesByWindow[window], Math.min(Math.max(status, 0), MAX_STATUS), 1);
        if (error != null) {
            increment(counters, FIRST_ERROR + error.ordinal(), window);
        }
    }

    /**
     * Event loop only: a request of {@code window} written {@code latenessNanos} after its intended time; like
     * responses, late sends of the warm-up are left out.
     */
    void recordLateSend(int window, long latenessNanos) {
        increment(counters, pick(window, LATE_SENDS, WARMUP_LATE_SENDS), 1);
        int max = pick(window, MAX_LATENESS, WARMUP_MAX_LATENESS);
        if (latenessNanos > counters.getPlain(max)) {
            counters.lazySet(max, latenessNanos);
        }
    }

    /** Event loop only: requests of {@code window} the schedule asked for that were never sent. */
    void recordDropped(int window, long count) {
        increment(counters, pick(window, DROPPED, WARMUP_DROPPED), count);
    }

    /**
     * The counter of {@code window}: {@code measured} or {@code warmup}, picked without a branch, so that the
     * warm-up's counting takes the same branches as the measured part's (see the class comment).
     */
    private static int pick(int window, int measured, int warmup) {
        return window * measured + (MEASURED - window) * warmup;
    }

    /** Event loop only: an error of no request (a connection that could not be opened), always measured. */
    void recordError(ErrorKind kind) {
        increment(counters, FIRST_ERROR + kind.ordinal(), 1);
    }

    /**
     * Event loop only: a request of {@code window} ({@link #window} of its intended time) that failed without a
     * response; like its response would be, a failure of the warm-up is left out.
     */
    void recordFailure(int window, ErrorKind kind) {
        increment(counters, pick(window, FIRST_ERROR, FIRST_WARMUP_ERROR) + kind.ordinal(), 1);
    }

    /** Event loop only: the protocol's counter {@code counter} of {@code window} grows by {@code delta}. */
    void recordProtocolCount(int window, int counter, long delta) {
        increment(protocolCountersByWindow[window], counter, delta);
    }

    /** Event loop only: a value, in nanoseconds, of the protocol's histogram {@code histogram} in {@code window}. */
    void recordProtocolValue(int window, int histogram, long valueNanos) {
        protocolHistogramsByWindow[window][histogram].recordValue(clamp(valueNanos));
    }

    /**
     * Event loop only: a failure of the measured window that the protocol describes as {@code message}. Failures are
     * rare next to responses, so this may allocate; beyond {@link #MAX_ERROR_MESSAGES} distinct texts the rest are
     * counted under {@link #OTHER_ERROR_MESSAGES}, which keeps a run with a varying message in bounded memory.
     */
    void recordErrorMessage(int window, String message) {
        if (window != MEASURED) {
            return;
        }
        String key = errorMessages.size() < MAX_ERROR_MESSAGES || errorMessages.containsKey(message)
                ? message
                : OTHER_ERROR_MESSAGES;
        errorMessages.merge(key, 1L, Long::sum);
    }

    /**
     * Event loop only: bytes moved in {@code window}, which is the window of the time they moved (bytes belong to
     * no one request), so that the warm-up's traffic is left out of the measured transfer rate.
     */
    void recordBytes(int window, long read, long written) {
        if (read != 0) {
            increment(counters, pick(window, BYTES_READ, WARMUP_BYTES_READ), read);
        }
        if (written != 0) {
            increment(counters, pick(window, BYTES_WRITTEN, WARMUP_BYTES_WRITTEN), written);
        }
    }

    /**
     * Event loop only, from the worker's periodic timeout sweep (at most 50 ms apart): the loop is ticking at
     * {@code nowNanos} with {@code inFlight} requests in flight on {@code openConnections} open connections. Read
     * by the health checks and the live metrics, so the per-request path does no extra work for them.
     */
    void recordTick(long nowNanos, int inFlight, int openConnections) {
        counters.lazySet(IN_FLIGHT, inFlight);
        counters.lazySet(OPEN_CONNECTIONS, openConnections);
        counters.lazySet(TICK_NANOS, nowNanos);
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

    /** Any thread: when the worker's loop last ticked (see {@link #recordTick}); 0 before its first tick. */
    long lastTickNanos() {
        return counters.get(TICK_NANOS);
    }

    /** Any thread: requests in flight at the last tick. */
    long inFlight() {
        return counters.get(IN_FLIGHT);
    }

    /** Any thread: open connections at the last tick. */
    long openConnections() {
        return counters.get(OPEN_CONNECTIONS);
    }

    long errors(ErrorKind kind) {
        return counters.get(FIRST_ERROR + kind.ordinal());
    }

    long status(int code) {
        return statusesByWindow[MEASURED].get(code);
    }

    /**
     * Reporter thread only: the corrected latencies of {@code window} recorded since the last call, or null for
     * the warm-up of a run without one. {@code recycle} is null or a histogram this method returned before for the
     * same window, reused to avoid allocation.
     */
    Histogram swapCorrected(int window, Histogram recycle) {
        return swap(correctedByWindow[window], recycle);
    }

    /** Reporter thread only: as {@link #swapCorrected} for latencies measured from the actual write. */
    Histogram swapUncorrected(int window, Histogram recycle) {
        return swap(uncorrectedByWindow[window], recycle);
    }

    /** Reporter thread only: as {@link #swapCorrected} for the protocol's histogram {@code histogram}. */
    Histogram swapProtocol(int window, int histogram, Histogram recycle) {
        SingleWriterRecorder[] recorders = protocolHistogramsByWindow[window];
        return recorders == null ? null : swap(recorders[histogram], recycle);
    }

    /** Any thread: the protocol's counter {@code counter} of the measured window so far. */
    long protocolCount(int counter) {
        return protocolCountersByWindow[MEASURED].get(counter);
    }

    /** Reporter thread, after the worker finished (its end happens-before this): failures by message. */
    Map<String, Long> errorMessages() {
        return errorMessages;
    }

    private static Histogram swap(SingleWriterRecorder recorder, Histogram recycle) {
        return recorder == null ? null : recorder.getIntervalHistogram(recycle);
    }
}
