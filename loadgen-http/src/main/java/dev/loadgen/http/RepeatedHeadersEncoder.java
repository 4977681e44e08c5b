package dev.loadgen.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;

/**
 * HPACK for a connection that sends the same header block again and again: Netty's encoder, except that once a
 * block (the same {@link Http2Headers} object as last time) encodes to nothing but references to the dynamic
 * table, those bytes are written again as they are instead of encoding the headers anew. A block of indexed
 * fields leaves both sides' tables as they were, so repeating its bytes is exactly what the encoder would do; any
 * other block, or a change of the table's size, goes through the encoder and drops the copy.
 *
 * <p>Threading: one per connection, on its event loop, like the codec that calls it.
 */
final class RepeatedHeadersEncoder implements Http2HeadersEncoder {
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private Http2Headers lastHeaders;
    /** The last block's encoding when it was indexed fields only; null otherwise. */
    private byte[] lastBlock;

    private long tableSize = -1;

    @Override
    public void encodeHeaders(int streamId, Http2Headers headers, ByteBuf buffer) throws Http2Exception {
        long currentTableSize = encoder.configuration().maxHeaderTableSize();
        if (headers == lastHeaders && lastBlock != null && currentTableSize == tableSize) {
            buffer.writeBytes(lastBlock);
            return;
        }
        int start = buffer.writerIndex();
        encoder.encodeHeaders(streamId, headers, buffer);
        int end = buffer.writerIndex();
        lastHeaders = headers;
        tableSize = currentTableSize;
        lastBlock = onlyIndexedFields(buffer, start, end) ? ByteBufUtil.getBytes(buffer, start, end - start) : null;
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
