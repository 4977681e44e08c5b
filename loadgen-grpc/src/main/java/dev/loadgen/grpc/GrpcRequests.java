package dev.loadgen.grpc;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * What the calls of one run send, prepared once: the request HEADERS of gRPC over HTTP/2 (pseudo-headers,
 * {@code content-type}, {@code te}, {@code grpc-timeout}, compression and the metadata when it does not change)
 * and, for data that does not change, every message already in its gRPC frame (compressed when asked). Templated
 * data and metadata are rendered per call and framed then.
 *
 * <p>Immutable once built on the command line's thread; shared read-only by every event loop.
 */
final class GrpcRequests {
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
    private static final AsciiString APPLICATION_GRPC = AsciiString.cached("application/grpc");
    private static final AsciiString TE = AsciiString.cached("te");
    private static final AsciiString TRAILERS = AsciiString.cached("trailers");
    private static final AsciiString USER_AGENT = AsciiString.cached("user-agent");
    private static final AsciiString GRPC_TIMEOUT = AsciiString.cached("grpc-timeout");
    private static final AsciiString GRPC_ENCODING = AsciiString.cached("grpc-encoding");
    private static final AsciiString GRPC_ACCEPT_ENCODING = AsciiString.cached("grpc-accept-encoding");
    private static final AsciiString GZIP = AsciiString.cached("gzip");
    /** The length prefix of a gRPC message: a compressed flag and four bytes of length. */
    static final int PREFIX_BYTES = 5;

    private final GrpcDriver.Prepared prepared;
    private final MetadataSource metadata;
    private final boolean gzip;
    private final Http2Headers baseHeaders;
    /** The headers of every call, or null when the metadata is rendered per call. */
    private final Http2Headers staticHeaders;
    /** Static data: per variant, its messages framed; null for templated data. */
    private final byte[][][] framed;

    /**
     * @param deadlineNanos the call deadline sent as {@code grpc-timeout}
     */
    GrpcRequests(
            GrpcDriver.Prepared prepared,
            MetadataSource metadata,
            boolean tls,
            String authority,
            long deadlineNanos,
            boolean gzip) {
        this.prepared = prepared;
        this.metadata = metadata;
        this.gzip = gzip;
        Http2Headers headers = new DefaultHttp2Headers()
                .method(AsciiString.cached("POST"))
                .scheme(tls ? "https" : "http")
                .path(new AsciiString("/" + prepared.fullMethodName()))
                .authority(new AsciiString(authority));
        headers.add(CONTENT_TYPE, APPLICATION_GRPC);
        headers.add(TE, TRAILERS);
        headers.add(USER_AGENT, AsciiString.cached("loadgen"));
        headers.add(GRPC_TIMEOUT, new AsciiString(timeoutValue(deadlineNanos)));
        if (gzip) {
            headers.add(GRPC_ENCODING, GZIP);
            headers.add(GRPC_ACCEPT_ENCODING, GZIP);
        }
        this.baseHeaders = headers;
        if (metadata.isStatic()) {
            Http2Headers fixed = new DefaultHttp2Headers().add(headers);
            metadata.addTo(fixed, new Template.CallData(1, 0, "", "", ""));
            this.staticHeaders = fixed;
        } else {
            this.staticHeaders = null;
        }
        RequestData data = prepared.data();
        if (data.isStatic()) {
            byte[][][] variants = new byte[data.staticVariants()][][];
            for (int i = 0; i < variants.length; i++) {
                byte[][] messages = data.staticMessages(i + 1);
                variants[i] = new byte[messages.length][];
                for (int j = 0; j < messages.length; j++) {
                    variants[i][j] = frame(messages[j]);
                }
            }
            this.framed = variants;
        } else {
            this.framed = null;
        }
    }

    /**
     * gRPC's {@code grpc-timeout}: at most eight digits and a unit, the finest unit that holds the value, so the
     * server's deadline is the client's.
     */
    static String timeoutValue(long nanos) {
        long value = Math.max(0, nanos);
        String[] units = {"n", "u", "m", "S", "M", "H"};
        long[] divisors = {1, 1_000, 1_000, 1_000, 60, 60};
        for (int i = 0; i < units.length; i++) {
            value /= divisors[i];
            if (value < 100_000_000L) {
                return value + units[i];
            }
        }
        return "99999999H";
    }

    /** One message in its gRPC frame: compressed flag, big-endian length, then the bytes (gzipped when asked). */
    byte[] frame(byte[] message) {
        byte[] body = gzip ? gzip(message) : message;
        byte[] out = new byte[PREFIX_BYTES + body.length];
        out[0] = (byte) (gzip ? 1 : 0);
        out[1] = (byte) (body.length >>> 24);
        out[2] = (byte) (body.length >>> 16);
        out[3] = (byte) (body.length >>> 8);
        out[4] = (byte) body.length;
        System.arraycopy(body, 0, out, PREFIX_BYTES, body.length);
        return out;
    }

    private static byte[] gzip(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 32);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(message);
        } catch (IOException e) {
            // Writing to memory does not fail.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Whether both the data and the metadata are the same for every call (the fast path: nothing rendered). */
    boolean isStatic() {
        return framed != null && staticHeaders != null;
    }

    /** Static data: its framed variants, in the order calls cycle through them. */
    byte[][][] framedVariants() {
        return framed;
    }

    /** The headers of every call, or null when the metadata is templated. */
    Http2Headers staticHeaders() {
        return staticHeaders;
    }

    /** The headers of one call with templated metadata, or null when a -bin value renders to something not base64. */
    Http2Headers headersFor(Template.CallData data) {
        Http2Headers headers = new DefaultHttp2Headers().add(baseHeaders);
        return metadata.addTo(headers, data) ? headers : null;
    }

    GrpcDriver.Prepared prepared() {
        return prepared;
    }
}
