package dev.loadgen.http;

/**
 * The protocol on one {@link Http2ClientConnection}: it makes the connection's {@link Http2Call}s, one per slot,
 * when the connection opens, and releases what they share when it is gone. HTTP sends its one request per call
 * and reads {@code :status}; gRPC frames messages and reads {@code grpc-status} from the trailers.
 *
 * <p>Threading: made by a driver for one connection, then confined to that connection's event loop.
 */
public interface Http2Exchange {

    /** A call for one slot of the connection; called on the connection's loop once it is open. */
    Http2Call newCall();

    /** The connection is gone for good: no call will start again. Called once, on the loop. */
    default void release() {}
}
