package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseParserTest {
    private final ResponseParser parser = new ResponseParser();

    /** Feeds {@code text} in pieces of {@code piece} bytes and returns the first result other than NEED_MORE. */
    private ResponseParser.Result feed(String text, int piece) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        ResponseParser.Result result = ResponseParser.Result.NEED_MORE;
        for (int i = 0; i < bytes.length && result == ResponseParser.Result.NEED_MORE; i += piece) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes, i, Math.min(piece, bytes.length - i));
            result = parser.parse(buf);
        }
        return result;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void contentLengthBodyInAnySplit(int piece) {
        parser.reset(false);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello", piece))
                .isEqualTo(ResponseParser.Result.COMPLETE);
        assertThat(parser.status()).isEqualTo(200);
        assertThat(parser.keepAlive()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 1000})
    void chunkedBodyWithExtensionsAndTrailers(int piece) {
        parser.reset(false);
        String response = "HTTP/1.1 201 Created\r\ntransfer-encoding: gzip, CHUNKED\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n";
        assertThat(feed(response, piece)).isEqualTo(ResponseParser.Result.COMPLETE);
        assertThat(parser.status()).isEqualTo(201);
    }

    @Test
    void incompleteBodyNeedsMore() {
        parser.reset(false);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", 100))
                .isEqualTo(ResponseParser.Result.NEED_MORE);
        assertThat(parser.bodyEndsAtClose()).isFalse();
        assertThat(parser.started()).isTrue();
    }

    @Test
    void bodyWithoutLengthEndsAtClose() {
        parser.reset(false);
        assertThat(feed("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nsome bytes", 100))
                .isEqualTo(ResponseParser.Result.NEED_MORE);
        assertThat(parser.bodyEndsAtClose()).isTrue();
        assertThat(parser.keepAlive()).isFalse();
    }

    @Test
    void connectionCloseAndHttp10KeepAlive() {
        parser.reset(false);
        assertThat(feed("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", 100))
                .isEqualTo(ResponseParser.Result.COMPLETE);
        assertThat(parser.keepAlive()).isFalse();
        parser.reset(false);
        assertThat(feed("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n", 100))
                .isEqualTo(ResponseParser.Result.COMPLETE);
        assertThat(parser.keepAlive()).isTrue();
    }

    @Test
    void headAnd204And304HaveNoBody() {
        parser.reset(true);
        assertThat(feed("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", 100))
                .isEqualTo(ResponseParser.Result.COMPLETE);
        parser.reset(false);
        assertThat(feed("HTTP/1.1 204 No Content\r\n\r\n", 100)).isEqualTo(ResponseParser.Result.COMPLETE);
        parser.reset(false);
        assertThat(feed("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", 100))
                .isEqualTo(ResponseParser.Result.COMPLETE);
    }

    @Test
    void interimResponsesAreSkipped() {
        parser.reset(false);
        assertThat(feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\nContent-Length: 2\r\n\r\nno", 3))
                .isEqualTo(ResponseParser.Result.COMPLETE);
        assertThat(parser.status()).isEqualTo(503);
    }

    @Test
    void bytesAfterTheResponseStayInTheBuffer() {
        parser.reset(false);
        ByteBuf buf =
                Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA", StandardCharsets.US_ASCII);
        assertThat(parser.parse(buf)).isEqualTo(ResponseParser.Result.COMPLETE);
        assertThat(buf.readableBytes()).isEqualTo(5);
    }

    @Test
    void longHeaderLinesAreTolerated() {
        parser.reset(false);
        String cookie = "Set-Cookie: " + "x".repeat(20_000) + "\r\n";
        assertThat(feed("HTTP/1.1 200 OK\r\n" + cookie + "Content-Length: 1\r\n\r\n!", 512))
                .isEqualTo(ResponseParser.Result.COMPLETE);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1000})
    void headerValuesPastTheFirstLineBufferAreStillRead(int piece) {
        // A Connection header longer than the buffer a parser starts with, its token at the end: read after growing.
        String padding = "x-pad-" + "a".repeat(ResponseParser.INITIAL_LINE_CAPACITY * 3);
        String response = "HTTP/1.1 200 OK\r\nConnection: " + padding + ", close\r\nContent-Length: 2\r\n\r\nok";
        for (int round = 0; round < 2; round++) {
            parser.reset(false);
            assertThat(feed(response, piece)).isEqualTo(ResponseParser.Result.COMPLETE);
            assertThat(parser.keepAlive()).isFalse();
            assertThat(parser.status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HTTQ/1.1 200 OK\r\n\r\n",
                "HTTP/1.1 2x0 OK\r\n\r\n",
                "HTTP/1.1 200OK\r\n\r\n",
                "garbage\r\n",
                "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY\r\n",
            })
    void malformedResponsesAreRejected(String response) {
        parser.reset(false);
        assertThat(feed(response, 1000)).isEqualTo(ResponseParser.Result.MALFORMED);
    }

    @Test
    void unfinishedChunkSizeThatIsNotHexIsMalformedAlready() {
        parser.reset(false);
        assertThat(feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1f", 100))
                .isEqualTo(ResponseParser.Result.NEED_MORE);
        assertThat(parser.partialLineMalformed()).isFalse();
        parser.reset(false);
        assertThat(feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nlskdu018973t0", 100))
                .isEqualTo(ResponseParser.Result.NEED_MORE);
        assertThat(parser.partialLineMalformed()).isTrue();
    }

    @Test
    void anUnfinishedStatusLineThatIsNotHttp11IsMalformedAlready() {
        parser.reset(false);
        assertThat(feed("HTTP/1", 100)).isEqualTo(ResponseParser.Result.NEED_MORE);
        assertThat(parser.partialLineMalformed()).isFalse();
        parser.reset(false);
        // An HTTP/2 SETTINGS frame header, as a server that speaks only HTTP/2 answers an HTTP/1.1 request.
        assertThat(feed("\0\0\u0006\u0004\0\0\0\0\0\0\u0003", 100)).isEqualTo(ResponseParser.Result.MALFORMED);
        parser.reset(false);
        assertThat(feed("HTTP/2 200", 100)).isEqualTo(ResponseParser.Result.MALFORMED);
    }

    @Test
    void parserIsReusableAcrossResponses() {
        for (int i = 0; i < 3; i++) {
            parser.reset(false);
            assertThat(feed("HTTP/1.1 20" + i + " OK\r\nContent-Length: 1\r\n\r\nx", 5))
                    .isEqualTo(ResponseParser.Result.COMPLETE);
            assertThat(parser.status()).isEqualTo(200 + i);
        }
    }
}
