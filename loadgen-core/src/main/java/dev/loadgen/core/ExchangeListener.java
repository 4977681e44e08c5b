package dev.loadgen.core;

/**
 * What a connection reports to the worker that owns it. Every call arrives on that worker's event loop, so
 * implementations need no synchronisation. The arguments are primitives so that reporting costs no allocation.
 */
public interface ExchangeListener {

    /** The connection is open and may send. */
    void onConnected(Connection connection);

    /** The connection could not be opened; it is dead and no {@link #onClosed} follows. */
    void onConnectFailed(Connection connection);

    /**
     * A complete response arrived.
     *
     * @param intendedNanos  when the schedule meant the request to leave
     * @param writeNanos     when the request was actually written
     * @param endNanos       when the last byte of the response was read
     * @param status         the protocol's status code
     * @param error          what error the protocol counts this response as: {@link ErrorKind#STATUS} for a status
     *                       it counts as an error, {@link ErrorKind#TIMEOUT} for one that says a deadline passed
     *                       (a protocol status meaning its deadline passed), null for none
     */
    void onResponse(
            Connection connection, long intendedNanos, long writeNanos, long endNanos, int status, ErrorKind error);

    /**
     * A request failed without a complete response.
     *
     * @param intendedNanos when the schedule meant the request to leave, as given to {@link Connection#send}
     * @param writeNanos    when the request was actually written
     * @param kind          what went wrong
     */
    void onExchangeFailed(Connection connection, long intendedNanos, long writeNanos, ErrorKind kind);

    /** Bytes of the protocol moved on this connection (request bytes written, response bytes read). */
    void onBytes(long read, long written);

    /**
     * The protocol's counter {@code counter} (an index into its driver's {@link Driver#stats()} counters) grows by
     * {@code delta} for the request intended at {@code intendedNanos}, whose window (warm-up or measured) it counts
     * in. Does nothing by default.
     */
    default void onCount(int counter, long intendedNanos, long delta) {}

    /**
     * A value, in nanoseconds, of the protocol's histogram {@code histogram} (an index into its driver's
     * {@link Driver#stats()} histograms) for the request intended at {@code intendedNanos}. Does nothing by default.
     */
    default void onValue(int histogram, long intendedNanos, long valueNanos) {}

    /**
     * A failure of the request intended at {@code intendedNanos}, in the protocol's words (a status and its
     * description, say), counted by text. Failures only: this may allocate. Does nothing by default.
     */
    default void onErrorMessage(long intendedNanos, String message) {}

    /**
     * The request intended at {@code intendedNanos}, which carried a trace context, is over: called right before
     * its {@link #onResponse} or {@link #onExchangeFailed} (which may send the connection's next request), with the
     * same times. Does nothing by default.
     *
     * @param endNanos    when it ended (the response's last byte, or the failure)
     * @param status      the response's status code; meaningless when {@code failure} is not null
     * @param statusIsError whether the driver counts that status as an error
     * @param failure     null for a complete response, otherwise what went wrong
     * @param traceIdHigh the trace ID's first 64 bits
     * @param traceIdLow  its last 64 bits
     * @param spanId      the ID of the request's client span, the parent ID the server saw
     */
    default void onTraced(
            long intendedNanos,
            long writeNanos,
            long endNanos,
            int status,
            boolean statusIsError,
            ErrorKind failure,
            long traceIdHigh,
            long traceIdLow,
            long spanId) {}

    /** A connection that had connected is closed for good; no further callbacks for it follow. */
    void onClosed(Connection connection);
}
