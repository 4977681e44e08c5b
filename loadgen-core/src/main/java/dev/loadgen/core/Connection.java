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
     * {@link ExchangeListener#onExchangeFailed}. Times are on the clock of the loop's
     * {@link io.netty.util.concurrent.Ticker}, which the connection also reads for its own times.
     *
     * @param intendedNanos when the schedule meant the request to leave
     * @param nowNanos      the caller's reading of the clock, taken just before this call; the write time
     */
    void send(long intendedNanos, long nowNanos);

    /**
     * The earliest deadline among the requests in flight, or {@link Long#MAX_VALUE} when none is. The connection
     * sets a request's deadline when it writes it: the write time plus the run's timeout, plus whatever the
     * protocol lets a request last beyond that (a time-bounded stream). Once the clock reaches this time, the
     * worker calls {@link #expire}.
     */
    long nextDeadlineNanos();

    /**
     * Ends the requests whose deadline is at or before {@code nowNanos} with {@link ErrorKind#TIMEOUT}. A
     * connection that carries one request at a time cannot drop one without the connection, so by default the
     * whole connection is aborted; one that multiplexes may end only the late requests and carry on.
     */
    default void expire(long nowNanos) {
        abort(ErrorKind.TIMEOUT);
    }

    /** Fails every request in flight with {@code kind} and closes the connection. */
    void abort(ErrorKind kind);

    /** Closes the connection; requests in flight are dropped without callbacks. */
    void close();
}
