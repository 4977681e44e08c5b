package dev.loadgen.http;

import io.netty.handler.codec.http2.Http2Headers;

/**
 * What every exchange of one run sends and how its outcome reads, for the protocol that sits on
 * {@link Http2ClientConnection}: a request is one HEADERS frame and, with a body, DATA; a response is HEADERS,
 * DATA and, optionally, trailing HEADERS. HTTP reads the status from {@code :status}; a protocol whose status
 * travels in the trailers (gRPC's {@code grpc-status}) reads it there.
 *
 * <p>Built once per run on the command line's thread and shared read-only by every event loop afterwards: the
 * headers and the body must never change once the run starts.
 */
public interface Http2Exchange {

    /** The request's headers, pseudo-headers included, written as they are for every request. */
    Http2Headers requestHeaders();

    /** The request body, or an empty array for none (then the HEADERS frame ends the stream). */
    byte[] requestBody();

    /**
     * The status to record for a complete response.
     *
     * @param httpStatus the response's {@code :status}
     * @param trailers   the trailing HEADERS, or null when the response ended without them
     */
    int status(int httpStatus, Http2Headers trailers);

    /** Whether {@code status}, as {@link #status} returned it, counts as an error. */
    boolean statusIsError(int status);
}
