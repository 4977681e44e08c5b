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
     * @param status         protocol status code (HTTP status)
     * @param statusIsError  whether the driver counts this status as an error
     */
    void onResponse(Connection connection, long intendedNanos, long writeNanos, long endNanos, int status,
                    boolean statusIsError);

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

    /** A connection that had connected is closed for good; no further callbacks for it follow. */
    void onClosed(Connection connection);
}
