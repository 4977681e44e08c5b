package dev.loadgen.core.report;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A histogram as text, the way HdrHistogram's interval logs hold it: the compressed encoding
 * ({@link Histogram#encodeIntoCompressedByteBuffer}) in base64, which every HdrHistogram port decodes.
 * Pure functions: any thread.
 */
public final class HistogramCodec {
    private HistogramCodec() {}

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /**
     * The histogram that {@link #encode} turned into {@code base64}.
     *
     * @throws IllegalArgumentException when {@code base64} is not a compressed histogram
     */
    public static Histogram decode(String base64) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(base64));
            return Histogram.decodeFromCompressedByteBuffer(buffer, 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram", e);
        }
    }
}
