package dev.loadgen.http;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.ExchangeListener;
import dev.loadgen.core.Header;
import dev.loadgen.core.TargetSpec;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP semantics on {@link Http2ClientConnection}: the run's one request as HTTP/2 headers and a body, and the
 * status read from {@code :status}, 400 and above counting as errors as over HTTP/1.1. Immutable once built and
 * shared read-only by every event loop; {@link #forConnection} makes what one connection needs of it, and the body
 * is one copy all connections send.
 */
final class HttpOverHttp2 {
    /** Headers HTTP/2 forbids (RFC 9113, 8.2.2), or that the pseudo-headers and the framing replace. */
    private static final Set<String> DROPPED = Set.of(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host", "content-length");

    private final Http2Headers headers;
    /** The body every connection sends, read-only and shared; null for none. */
    private final ByteBuffer body;

    private HttpOverHttp2(Http2Headers headers, ByteBuffer body) {
        this.headers = headers;
        this.body = body;
    }

    /**
     * The request of {@code spec}, whose method and headers {@link RequestEncoder#head} has already checked: a
     * user's Host becomes {@code :authority}, names go lower case as HTTP/2 requires, the URL's user info becomes
     * Authorization unless the user gave one, and Content-Length is the body's.
     *
     * @param body the body's bytes, shared read-only by every connection ({@link SharedBytes})
     */
    static HttpOverHttp2 of(TargetSpec spec, HttpTarget target, ByteBuffer body) {
        String authority = target.hostHeader();
        for (Header header : spec.headers()) {
            if (header.name().equalsIgnoreCase("host")) {
                authority = header.value();
            }
        }
        Http2Headers headers = new DefaultHttp2Headers()
                .method(AsciiString.cached(spec.method()))
                .scheme(target.tls() ? "https" : "http")
                .authority(new AsciiString(authority))
                .path(new AsciiString(target.requestTarget()));
        for (Header header : spec.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (DROPPED.contains(name) || (name.equals("te") && !header.value().equalsIgnoreCase("trailers"))) {
                continue;
            }
            headers.add(new AsciiString(name), new AsciiString(header.value()));
        }
        if (target.authorization() != null && !headers.contains(AsciiString.cached("authorization"))) {
            headers.add(AsciiString.cached("authorization"), new AsciiString(target.authorization()));
        }
        String method = spec.method();
        int length = body.remaining();
        if (length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            headers.set(AsciiString.cached("content-length"), new AsciiString(Integer.toString(length)));
        }
        return new HttpOverHttp2(headers, length > 0 ? body : null);
    }

    /** The exchange of one connection: a call per slot, each with its own view of the shared body. */
    Http2Exchange forConnection() {
        return () -> new Call(body == null ? null : SharedBytes.view(body));
    }

    /** One slot's exchange: the request as prepared, and the response's {@code :status}. */
    private final class Call implements Http2Call {
        /** This slot's view of the shared body (its own indices and reference count), or null for none. */
        private ByteBuf bodyBuffer;

        private long intendedNanos;
        private long writeNanos;
        private long endNanos;
        private int status;

        Call(ByteBuf bodyBuffer) {
            this.bodyBuffer = bodyBuffer;
        }

        @Override
        public void start(Stream stream, long intendedNanos, long writeNanos) {
            this.intendedNanos = intendedNanos;
            this.writeNanos = writeNanos;
            this.status = -1;
            stream.writeHeaders(headers, bodyBuffer == null);
            if (bodyBuffer != null) {
                if (bodyBuffer.refCnt() != 1) {
                    // The previous call's body is still queued (its stream was reset before it was all sent).
                    bodyBuffer.release();
                    bodyBuffer = SharedBytes.view(body);
                }
                stream.writeData(bodyBuffer.retain().setIndex(0, body.remaining()), true);
            }
        }

        @Override
        public void onHeaders(Stream stream, Http2Headers headers, boolean trailers, boolean endOfStream) {
            if (!trailers) {
                status = Http2ClientConnection.statusOf(headers.status());
            }
            if (endOfStream) {
                complete(stream);
            }
        }

        @Override
        public void onData(Stream stream, ByteBuf data, boolean endOfStream) {
            if (endOfStream) {
                complete(stream);
            }
        }

        private void complete(Stream stream) {
            if (status >= 0) {
                endNanos = stream.complete();
            }
        }

        @Override
        public void end(
                ExchangeListener listener, dev.loadgen.core.Connection connection, ErrorKind failure, boolean aborted) {
            if (failure == null) {
                listener.onResponse(
                        connection,
                        intendedNanos,
                        writeNanos,
                        endNanos,
                        status,
                        status >= 400 ? ErrorKind.STATUS : null);
            } else {
                listener.onExchangeFailed(connection, intendedNanos, writeNanos, failure);
            }
        }
    }
}
