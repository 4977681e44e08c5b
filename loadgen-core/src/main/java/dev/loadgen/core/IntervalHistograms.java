package dev.loadgen.core;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The latency histograms of one measured reporting interval, kept in a worker's result so that the intervals of
 * every worker can be added up into one interval log after the run. Held in HdrHistogram's compressed encoding: an
 * interval's histogram takes a few kilobytes that way, where its counts array takes a quarter of a megabyte, and a
 * worker keeps one pair per interval for the whole run. Immutable: histograms are decoded anew on every call.
 */
public final class IntervalHistograms {
    private final long startOffsetNanos;
    private final long lengthNanos;
    private final byte[] corrected;
    private final byte[] uncorrected;

    /**
     * @param startOffsetNanos when the interval began, from the run's start
     * @param lengthNanos      its length
     */
    public IntervalHistograms(long startOffsetNanos, long lengthNanos, Histogram corrected, Histogram uncorrected) {
        this.startOffsetNanos = startOffsetNanos;
        this.lengthNanos = lengthNanos;
        this.corrected = encode(corrected);
        this.uncorrected = encode(uncorrected);
    }

    /** The histograms of {@code interval} (the engine reuses its histograms; these are copies). */
    public static IntervalHistograms of(Interval interval) {
        return new IntervalHistograms(
                interval.startOffsetNanos(), interval.lengthNanos(), interval.corrected(), interval.uncorrected());
    }

    /** When the interval began, from the run's start. */
    public long startOffsetNanos() {
        return startOffsetNanos;
    }

    public long lengthNanos() {
        return lengthNanos;
    }

    /** Latencies from the intended send time of the responses completed in the interval, in nanoseconds. */
    public Histogram corrected() {
        return decode(corrected);
    }

    /** Latencies from the actual write. */
    public Histogram uncorrected() {
        return decode(uncorrected);
    }

    private static byte[] encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Arrays.copyOf(buffer.array(), length);
    }

    private static Histogram decode(byte[] encoded) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(encoded), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("an interval histogram this class encoded does not decode", e);
        }
    }
}
