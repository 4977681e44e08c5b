package dev.loadgen.core;

import io.netty.channel.EventLoop;

/**
 * One protocol's side of one run. Created on the caller's thread; {@link #open} is called on the event loop
 * the connection will live on.
 */
public interface Driver extends AutoCloseable {

    /**
     * Fetches from the network what the run needs before its first connection: the target's address, and
     * whatever the protocol learns from the server itself (a schema, say). Blocks the calling thread; never call
     * it on an event loop. Does nothing by default.
     *
     * @throws StartException with a one-line reason when it cannot
     */
    default void resolve(EventLoop loop, long timeoutNanos) throws StartException {}

    /**
     * Checks, after {@link #resolve} and before load starts, that the target can be reached the way the run will
     * reach it (TCP connect, TLS handshake), opening one connection on {@code loop} and closing it again. Only
     * checks: changes nothing the run uses. Blocks the calling thread; never call it on an event loop.
     *
     * @throws StartException with a one-line reason when it cannot
     */
    void preflight(EventLoop loop, long timeoutNanos) throws StartException;

    /**
     * Creates a connection owned by {@code loop}; it starts connecting at {@link Connection#connect()} and
     * reports to {@code listener} on that loop only.
     */
    Connection open(EventLoop loop, ExchangeListener listener);

    /**
     * The figures this protocol records beside the core's through {@link ExchangeListener#onCount} and
     * {@link ExchangeListener#onValue}; none by default. Known once the driver is created.
     */
    default StatsSchema stats() {
        return StatsSchema.NONE;
    }

    /** Releases what the driver holds (TLS contexts, buffers). Connections are closed by their workers first. */
    @Override
    void close();
}
