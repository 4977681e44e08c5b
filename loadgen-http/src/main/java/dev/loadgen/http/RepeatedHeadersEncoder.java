package dev.loadgen.http;

import dev.loadgen.core.trace.Traceparent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import java.nio.charset.StandardCharsets;

/**
 * HPACK for a connection that sends the same header block again and again: Netty's encoder, except that once a
 * block (the same {@link Http2Headers} object as last time) encodes to nothing but references to the dynamic
 * table, those bytes are written again as they are instead of encoding the headers anew. A block of indexed
 * fields leaves both sides' tables as they were, so repeating its bytes is exactly what the encoder would do; any
 * other block, or a change of the table's size, goes through the encoder and drops the copy. A traced exchange's
 * block is followed by its {@code traceparent} field ({@link #traceNextBlock}).
 *
 * <p>Threading: one per connection, on its event loop, like the codec that calls it.
 */
final class RepeatedHeadersEncoder implements Http2HeadersEncoder {
    private static final byte[] TRACEPARENT_NAME = Traceparent.NAME.getBytes(StandardCharsets.US_ASCII);

    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private Http2Headers lastHeaders;
    /** The last block's encoding when it was indexed fields only; null otherwise. */
    private byte[] lastBlock;

    private long tableSize = -1;
    /** Whether the next block gets a {@code traceparent} field, with these IDs. */
    private boolean traceNext;

    private long traceIdHigh;
    private long traceIdLow;
    private long spanId;

    /**
     * The next header block encoded ends with a {@code traceparent} field with these IDs, as an HPACK literal
     * without indexing, which leaves both tables as they were, so the block before it may still be repeated.
     */
    void traceNextBlock(long traceIdHigh, long traceIdLow, long spanId) {
        this.traceNext = true;
        this.traceIdHigh = traceIdHigh;
        this.traceIdLow = traceIdLow;
        this.spanId = spanId;
    }

    /** Forgets a {@link #traceNextBlock} that no block took (the exchange wrote no headers). */
    void clearTrace() {
        traceNext = false;
    }

    @Override
    public void encodeHeaders(int streamId, Http2Headers headers, ByteBuf buffer) throws Http2Exception {
        long currentTableSize = encoder.configuration().maxHeaderTableSize();
        if (headers == lastHeaders && lastBlock != null && currentTableSize == tableSize) {
            buffer.writeBytes(lastBlock);
        } else {
            int start = buffer.writerIndex();
            encoder.encodeHeaders(streamId, headers, buffer);
            int end = buffer.writerIndex();
            lastHeaders = headers;
            tableSize = currentTableSize;
            lastBlock = onlyIndexedFields(buffer, start, end) ? ByteBufUtil.getBytes(buffer, start, end - start) : null;
        }
        if (traceNext) {
            traceNext = false;
            writeTraceparent(buffer);
        }
    }

    /**
     * RFC 7541, 6.2.2: a literal header field without indexing, with a new name; both strings as they are
     * (no Huffman coding), their lengths fitting a 7-bit prefix.
     */
    private void writeTraceparent(ByteBuf buffer) {
        buffer.writeByte(0x00);
        buffer.writeByte(TRACEPARENT_NAME.length);
        buffer.writeBytes(TRACEPARENT_NAME);
        buffer.writeByte(Traceparent.LENGTH);
        int value = buffer.writerIndex();
        buffer.writeZero(Traceparent.LENGTH);
        Traceparent.set(buffer, value, traceIdHigh, traceIdLow, spanId);
    }

    /**
     * Whether the bytes are HPACK indexed header fields only (RFC 7541, 6.1: a set top bit, then the index as an
     * integer with a 7-bit prefix), which change no table.
     */
    static boolean onlyIndexedFields(ByteBuf block, int start, int end) {
        int at = start;
        if (at == end) {
            return false;
        }
        while (at < end) {
            int first = block.getByte(at++) & 0xff;
            if ((first & 0x80) == 0) {
                return false;
            }
            if ((first & 0x7f) == 0x7f) {
                while (at < end && (block.getByte(at) & 0x80) != 0) {
                    at++;
                }
                if (at == end) {
                    return false;
                }
                at++;
            }
        }
        return true;
    }

    @Override
    public Configuration configuration() {
        return encoder.configuration();
    }
}
