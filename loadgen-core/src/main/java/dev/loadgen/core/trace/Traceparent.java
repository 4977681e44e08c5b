package dev.loadgen.core.trace;

import io.netty.buffer.ByteBuf;

/**
 * The W3C Trace Context {@code traceparent} value, version 00 with the sampled flag:
 * {@code 00-<32 hex trace ID>-<16 hex parent ID>-01}, written in place into a buffer without allocating.
 * Pure; any thread.
 */
public final class Traceparent {
    /** The header's name, also the metadata key of protocols that carry it as metadata. */
    public static final String NAME = "traceparent";

    /** The value's length in bytes. */
    public static final int LENGTH = 55;

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private Traceparent() {}

    /** Writes the value at {@code index} of {@code buffer}, whose indexes stay as they are. */
    public static void set(ByteBuf buffer, int index, long traceIdHigh, long traceIdLow, long spanId) {
        buffer.setByte(index, '0');
        buffer.setByte(index + 1, '0');
        buffer.setByte(index + 2, '-');
        setHex(buffer, index + 3, traceIdHigh);
        setHex(buffer, index + 19, traceIdLow);
        buffer.setByte(index + 35, '-');
        setHex(buffer, index + 36, spanId);
        buffer.setByte(index + 52, '-');
        buffer.setByte(index + 53, '0');
        buffer.setByte(index + 54, '1');
    }

    /** Writes the value at {@code index} of {@code bytes}. */
    public static void set(byte[] bytes, int index, long traceIdHigh, long traceIdLow, long spanId) {
        bytes[index] = '0';
        bytes[index + 1] = '0';
        bytes[index + 2] = '-';
        setHex(bytes, index + 3, traceIdHigh);
        setHex(bytes, index + 19, traceIdLow);
        bytes[index + 35] = '-';
        setHex(bytes, index + 36, spanId);
        bytes[index + 52] = '-';
        bytes[index + 53] = '0';
        bytes[index + 54] = '1';
    }

    private static void setHex(ByteBuf buffer, int index, long value) {
        for (int i = 0; i < 16; i++) {
            buffer.setByte(index + i, HEX[(int) (value >>> (60 - 4 * i)) & 0xf]);
        }
    }

    private static void setHex(byte[] bytes, int index, long value) {
        for (int i = 0; i < 16; i++) {
            bytes[index + i] = HEX[(int) (value >>> (60 - 4 * i)) & 0xf];
        }
    }

    /** The trace ID as 32 lower-case hex digits, for reports. */
    public static String traceId(long traceIdHigh, long traceIdLow) {
        return hex(traceIdHigh) + hex(traceIdLow);
    }

    /** A span ID as 16 lower-case hex digits, for reports. */
    public static String spanId(long spanId) {
        return hex(spanId);
    }

    /** The whole value, for reports and tests. */
    public static String format(long traceIdHigh, long traceIdLow, long spanId) {
        byte[] value = new byte[LENGTH];
        set(value, 0, traceIdHigh, traceIdLow, spanId);
        return new String(value, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String hex(long value) {
        byte[] digits = new byte[16];
        setHex(digits, 0, value);
        return new String(digits, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
