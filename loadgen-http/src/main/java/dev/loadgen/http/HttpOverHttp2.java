package dev.loadgen.http;

import dev.loadgen.core.Header;
import dev.loadgen.core.TargetSpec;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP semantics on {@link Http2ClientConnection}: the run's one request as HTTP/2 headers, and the status read
 * from {@code :status}, 400 and above counting as errors as over HTTP/1.1. Immutable once built; shared
 * read-only by every event loop.
 */
final class HttpOverHttp2 implements Http2Exchange {
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

    @Override
    public Http2Headers requestHeaders() {
        return headers;
    }

    @Override
    public byte[] requestBody() {
        return body;
    }

    @Override
    public int status(int httpStatus, Http2Headers trailers) {
        return httpStatus;
    }

    @Override
    public boolean statusIsError(int status) {
        return status >= 400;
    }
}
