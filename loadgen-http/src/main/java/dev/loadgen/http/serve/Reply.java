package dev.loadgen.http.serve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/**
 * How to answer one request: status, body, and how long to wait before writing. Immutable; event loops share
 * replies and build responses from the same one at once.
 */
final class Reply {
    // The headers written here are constants known to be valid; validating them per response is wasted work.
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private static final HttpHeadersFactory TRAILERS =
            DefaultHttpHeadersFactory.trailersFactory().withValidation(false);
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");

    static final Reply DEFAULT = of(ResponseShape.DEFAULT);
    /** For a request the HTTP decoder could not read; the connection is closed after it. */
    static final Reply MALFORMED = badRequest("malformed HTTP request");

    private final HttpResponseStatus status;
    private final long delayNanos;
    /** Unreleasable, so every response can take a duplicate; null when the status forbids a body. */
    private final ByteBuf body;

    private final AsciiString contentLength;
    /** The response's HTTP/2 headers, written as they are for every response: never modified after this. */
    private final Http2Headers http2Headers;

    /** The same reply without its content, for HEAD over HTTP/2; made when first asked for. */
    private Reply withoutBody;

    private Reply(HttpResponseStatus status, long delayNanos, ByteBuf body) {
        this.status = status;
        this.delayNanos = delayNanos;
        this.body = body;
        this.contentLength = body == null ? null : AsciiString.of(Integer.toString(body.readableBytes()));
        this.http2Headers = new DefaultHttp2Headers(false).status(status.codeAsText());
        if (body != null) {
            http2Headers.set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
            http2Headers.set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        }
    }

    private Reply(Reply withBody) {
        this.status = withBody.status;
        this.delayNanos = withBody.delayNanos;
        this.body = null;
        this.contentLength = withBody.contentLength;
        this.http2Headers = withBody.http2Headers;
    }

    /**
     * This reply with the headers it has, content length included, and no content (a response to HEAD). Event
     * loops racing to make it each make an equal one; its fields are final, so any of them is safe to share.
     */
    Reply withoutBody() {
        Reply made = withoutBody;
        if (made == null) {
            made = body == null ? this : new Reply(this);
            withoutBody = made;
        }
        return made;
    }

    /** The reply {@code uri}'s query asks for, or a 400 saying which parameter is wrong. */
    static Reply forUri(String uri) {
        try {
            ResponseShape shape = ResponseShape.fromUri(uri);
            return shape.equals(ResponseShape.DEFAULT) ? DEFAULT : of(shape);
        } catch (BadParameterException e) {
            return badRequest(e.getMessage());
        }
    }

    private static Reply of(ResponseShape shape) {
        int code = shape.status();
        // RFC 9110: 204, 205 and 304 never carry content, whatever size asked for.
        boolean bodiless = code == 204 || code == 205 || code == 304;
        return new Reply(
                HttpResponseStatus.valueOf(code), shape.delayNanos(), bodiless ? null : Filler.of(shape.bodyBytes()));
    }

    private static Reply badRequest(String reason) {
        byte[] line = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        return new Reply(HttpResponseStatus.BAD_REQUEST, 0, Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(line)));
    }

    int statusCode() {
        return status.code();
    }

    long delayNanos() {
        return delayNanos;
    }

    /** The HTTP/2 response headers; shared, so callers must not modify them. */
    Http2Headers http2Headers() {
        return http2Headers;
    }

    /** A retained duplicate of the body for one HTTP/2 response, or null when the status forbids a body. */
    ByteBuf newBody() {
        return body == null ? null : body.retainedDuplicate();
    }

    /**
     * A new response for this reply; {@code connection} is the value of its Connection header, or null for
     * none. The caller owns the response and hands it to the pipeline, which releases it.
     */
    FullHttpResponse newResponse(AsciiString connection) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                status,
                body == null ? Unpooled.EMPTY_BUFFER : body.retainedDuplicate(),
                HEADERS,
                TRAILERS);
        HttpHeaders headers = response.headers();
        if (body != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
            headers.set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        }
        if (connection != null) {
            headers.set(HttpHeaderNames.CONNECTION, connection);
        }
        return response;
    }
}
