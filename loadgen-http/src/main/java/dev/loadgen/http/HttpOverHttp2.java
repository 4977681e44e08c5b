package dev.loadgen.http;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.ExchangeListener;
import dev.loadgen.core.Header;
import dev.loadgen.core.TargetSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP semantics on {@link Http2ClientConnection}: the run's one request as HTTP/2 headers and a body, and the
 * status read from {@code :status}, 400 and above counting as errors as over HTTP/1.1. Immutable once built and
 * shared read-only by every event loop; {@link #forConnection} makes what one connection needs of it.
 */
final class HttpOverHttp2 {
    /** Headers HTTP/2 forbids (RFC 9113, 8.2.2), or that the pseudo-headers and the framing replace. */
    private static final Set<String> DROPPED = Set.of(
            "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host", "content-length");

    private final Http2Headers headers;
    private final byte[] body;

    private HttpOverHttp2(Http2Headers headers, byte[] body) {
        this.headers = headers;
        this.body = body;
    }
    /**
     * The request of {@code spec}, whose method and headers {@link RequestEncoder#encode} has already checked: a
     * user's Host becomes {@code :authority}, names go lower case as HTTP/2 requires, and Content-Length is the
     * body's.
     */
    static HttpOverHttp2 of(TargetSpec spec, HttpTarget target) {
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
        String method = spec.method();
        byte[] body = spec.body();
        if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            headers.set(AsciiString.cached("content-length"), new AsciiString(Integer.toString(body.length)));
        }
        return new HttpOverHttp2(headers, body);
    }

    /** The exchange of one connection: its own copy of the body, duplicated per request. Confined to its loop. */
    Http2Exchange forConnection() {
        return new Connection();
    }

    private final class Connection implements Http2Exchange {
        /** This connection's copy of the body, made with the first call; null for none. */
        private ByteBuf bodyBuffer;

        @Override
        public Http2Call newCall() {
            if (bodyBuffer == null && body.length > 0) {
                bodyBuffer = ByteBufAllocator.DEFAULT.directBuffer(body.length).writeBytes(body);
            }
            return new Call(bodyBuffer);
        }

        @Override
        public void release() {
            if (bodyBuffer != null) {
                bodyBuffer.release();
                bodyBuffer = null;
            }
        }
    }

    /** One slot's exchange: the request as prepared, and the response's {@code :status}. */
    private final class Call implements Http2Call {
        private final ByteBuf bodyBuffer;
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
                stream.writeData(bodyBuffer.retainedDuplicate(), true);
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
                listener.onResponse(connection, intendedNanos, writeNanos, endNanos, status, status >= 400 ? ErrorKind.STATUS : null);
            } else {
                listener.onExchangeFailed(connection, intendedNanos, writeNanos, failure);
            }
        }
    }
}
