package dev.loadgen.core;

/**
 * One connection to the target, confined to the event loop it was opened on: every method must be called on
 * that loop, and every listener callback arrives there.
 */
public interface Connection {

    /** Starts connecting. Ends in {@link ExchangeListener#onConnected} or {@link ExchangeListener#onConnectFailed}. */
    void connect();

    /** Whether {@link #send} may be called now: connected, not closing, and below its in-flight capacity. */
    boolean canSend();

    /**
     * Sends one request. Its outcome arrives as exactly one of {@link ExchangeListener#onResponse} or
     * {@link ExchangeListener#onExchangeFailed}.
     *
     * @param intendedNanos when the schedule meant the request to leave ({@link System#nanoTime()} clock)
     * @param nowNanos      the caller's reading of that clock, taken just before this call; the write time
     */
    void send(long intendedNanos, long nowNanos);

    /** Write time of the oldest request still waiting for its response, or {@link Long#MAX_VALUE} when none. */
    long oldestWriteNanos();

    /** Fails every request in flight with {@code kind} and closes the connection. */
    void abort(ErrorKind kind);

    /** Closes the connection; requests in flight are dropped without callbacks. */
    void close();
}
