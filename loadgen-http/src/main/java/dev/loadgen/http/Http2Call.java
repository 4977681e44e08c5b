package dev.loadgen.http;

import dev.loadgen.core.Connection;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.ExchangeListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2Headers;

/**
 * One slot of an {@link Http2ClientConnection} as the protocol on the engine sees it: what an exchange writes on
 * its stream and how its response reads. The connection makes one per slot once it is open and reuses it,
 * exchange after exchange; the call keeps whatever state an exchange needs between frames.
 *
 * <p>Threading: confined to the connection's event loop, like the connection.
 *
 * <p>Life of an exchange: {@link #start} writes the request; frames arrive through {@link #onHeaders} and
 * {@link #onData}; the call says when the response is complete ({@link Stream#complete}); once the codec has closed
 * the stream, {@link #end} reports the outcome to the run's listener. {@link #end} comes exactly once per
 * {@link #start}, also when the stream fails, times out or the connection goes; after it the slot is free.
 */
public interface Http2Call {

    /**
     * Begins an exchange on a stream the connection has just reserved: writes its HEADERS and whatever DATA can
     * go now. A call that writes nothing ends at once, with {@link #end} called on a later turn of the loop.
     */
    void start(Stream stream, long intendedNanos, long writeNanos);

    /**
     * The response's HEADERS (interim 1xx responses left out) or, after them, its trailers.
     *
     * @param trailers    whether a HEADERS frame of this response came before
     * @param endOfStream whether the server ended the stream with this frame
     */
    void onHeaders(Stream stream, Http2Headers headers, boolean trailers, boolean endOfStream);

    /** DATA of the response; the buffer is the codec's and valid only during the call. */
    void onData(Stream stream, ByteBuf data, boolean endOfStream);

    /** The server reset the stream with {@code errorCode}; {@link #end} follows with {@link ErrorKind#READ}. */
    default void onReset(long errorCode) {}

    /** The stream's send window has room again: a call with more DATA to send may write it now. */
    default void onWritable(Stream stream) {}

    /**
     * The exchange is over and its slot free: report it to {@code listener}, exactly once.
     *
     * @param failure null when the call completed its response ({@link Stream#complete}); otherwise why the
     *                stream ended without: {@link ErrorKind#READ} (reset by the server, refused by GOAWAY or the
     *                connection lost), {@link ErrorKind#TIMEOUT} (past the deadline), {@link ErrorKind#PROTOCOL},
     *                {@link ErrorKind#WRITE}
     * @param aborted whether the worker aborted the whole connection ({@link Connection#abort}) rather than the
     *                exchange failing on its own
     */
    void end(ExchangeListener listener, Connection connection, ErrorKind failure, boolean aborted);

    /** What a call may do with its stream while an exchange is on it. */
    interface Stream {

        /** The loop the connection runs on, for timers. */
        EventLoop loop();

        /** The channel's allocator. */
        ByteBufAllocator alloc();

        /** The connection's listener, for the protocol's own counts while the exchange runs. */
        ExchangeListener listener();

        /** Writes HEADERS (the first call opens the stream); flushed with the loop's other writes. */
        void writeHeaders(Http2Headers headers, boolean endOfStream);

        /** Writes DATA, owning {@code data}; flow control holds it back until the server's window has room. */
        void writeData(ByteBuf data, boolean endOfStream);

        /** Whether the stream's send window can take more DATA without queueing it. */
        boolean isWritable();

        /** The engine's clock. */
        long nanoTime();

        /**
         * The response is complete: the exchange succeeds once the stream closes, whatever happens to the stream
         * in between. Returns the time, on the engine's clock.
         */
        long complete();

        /** Resets the stream with CANCEL: the client gives up on it; {@link #end} follows. */
        void cancel();
    }
}
