package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

class RepeatedHeadersEncoderTest {
    private static Http2Headers request(String path) {
        return new DefaultHttp2Headers()
                .method("POST")
                .scheme("http")
                .authority("127.0.0.1:8080")
                .path(path)
                .add(AsciiString.of("content-type"), AsciiString.of("application/grpc"))
                .add(AsciiString.of("te"), AsciiString.of("trailers"));
    }

    private static byte[] encode(io.netty.handler.codec.http2.Http2HeadersEncoder encoder, Http2Headers headers)
            throws Exception {
        ByteBuf out = Unpooled.buffer();
        encoder.encodeHeaders(1, headers, out);
        return ByteBufUtil.getBytes(out);
    }

    /** The bytes are Netty's encoder's, block after block, and the server's decoder reads every block whole. */
    @Test
    void writesExactlyWhatTheEncoderWouldAndTheDecoderReadsIt() throws Exception {
        RepeatedHeadersEncoder repeated = new RepeatedHeadersEncoder();
        DefaultHttp2HeadersEncoder plain = new DefaultHttp2HeadersEncoder();
        DefaultHttp2HeadersDecoder server = new DefaultHttp2HeadersDecoder();
        Http2Headers same = request("/a.B/C");
        Http2Headers other = request("/a.B/D");
        Http2Headers[] sequence = {same, same, same, same, other, same, same, other, other, same};
        for (Http2Headers headers : sequence) {
            byte[] expected = encode(plain, headers);
            byte[] actual = encode(repeated, headers);
            assertThat(actual).isEqualTo(expected);
            Http2Headers decoded = server.decodeHeaders(1, Unpooled.wrappedBuffer(actual));
            assertThat(decoded.path()).hasToString(headers.path().toString());
            assertThat(decoded.size()).isEqualTo(headers.size());
        }
    }

    /**
     * A traced block is the block the encoder would write, then a traceparent literal that touches no table: the
     * server's decoder reads every block whole, each with its own value, and the untraced blocks between are still
     * the encoder's bytes.
     */
    @Test
    void aTracedBlockEndsWithItsTraceparentAndLeavesTheTablesAsTheyWere() throws Exception {
        RepeatedHeadersEncoder repeated = new RepeatedHeadersEncoder();
        DefaultHttp2HeadersEncoder plain = new DefaultHttp2HeadersEncoder();
        DefaultHttp2HeadersDecoder server = new DefaultHttp2HeadersDecoder();
        Http2Headers same = request("/a.B/C");
        for (int i = 0; i < 6; i++) {
            boolean traced = i % 2 == 1;
            if (traced) {
                repeated.traceNextBlock(i, 0x1234, 0xabcd + i);
            }
            byte[] expected = encode(plain, same);
            byte[] actual = encode(repeated, same);
            Http2Headers decoded = server.decodeHeaders(1, Unpooled.wrappedBuffer(actual));
            assertThat(decoded.path()).hasToString("/a.B/C");
            if (traced) {
                assertThat(decoded.get("traceparent"))
                        .hasToString(dev.loadgen.core.trace.Traceparent.format(i, 0x1234, 0xabcd + i));
                assertThat(decoded.size()).isEqualTo(same.size() + 1);
                assertThat(java.util.Arrays.copyOf(actual, expected.length)).isEqualTo(expected);
            } else {
                assertThat(decoded.contains("traceparent")).isFalse();
                assertThat(actual).isEqualTo(expected);
            }
        }
    }

    @Test
    void aTraceNoBlockTookIsForgotten() throws Exception {
        RepeatedHeadersEncoder repeated = new RepeatedHeadersEncoder();
        repeated.traceNextBlock(1, 2, 3);
        repeated.clearTrace();
        Http2Headers decoded = new DefaultHttp2HeadersDecoder()
                .decodeHeaders(1, Unpooled.wrappedBuffer(encode(repeated, request("/x"))));
        assertThat(decoded.contains("traceparent")).isFalse();
    }

    @Test
    void aNewTableSizeGoesThroughTheEncoderAgain() throws Exception {
        RepeatedHeadersEncoder repeated = new RepeatedHeadersEncoder();
        DefaultHttp2HeadersEncoder plain = new DefaultHttp2HeadersEncoder();
        Http2Headers same = request("/a.B/C");
        for (int i = 0; i < 3; i++) {
            assertThat(encode(repeated, same)).isEqualTo(encode(plain, same));
        }
        repeated.configuration().maxHeaderTableSize(1024);
        plain.configuration().maxHeaderTableSize(1024);
        for (int i = 0; i < 3; i++) {
            assertThat(encode(repeated, same)).isEqualTo(encode(plain, same));
        }
    }

    @Test
    void onlyBlocksOfIndexedFieldsCount() {
        assertThat(RepeatedHeadersEncoder.onlyIndexedFields(Unpooled.wrappedBuffer(new byte[] {(byte) 0x82}), 0, 1))
                .isTrue();
        // Index 127 and above: a 7-bit prefix of all ones, then continuation bytes.
        assertThat(RepeatedHeadersEncoder.onlyIndexedFields(
                        Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0x81, 0x01, (byte) 0x83}), 0, 4))
                .isTrue();
        assertThat(RepeatedHeadersEncoder.onlyIndexedFields(
                        Unpooled.wrappedBuffer(new byte[] {(byte) 0x82, 0x40, 0x01, 0x61, 0x01, 0x62}), 0, 6))
                .isFalse();
        assertThat(RepeatedHeadersEncoder.onlyIndexedFields(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff}), 0, 1))
                .isFalse();
        assertThat(RepeatedHeadersEncoder.onlyIndexedFields(Unpooled.buffer(), 0, 0))
                .isFalse();
    }
}
