package dev.loadgen.core;

/** Why an exchange or connection failed. The order is the order reports list them in. */
public enum ErrorKind {
    /** The connection could not be opened (refused, unreachable, TLS handshake failed). */
    CONNECT,
    /** Reading failed or the peer closed the connection while a response was due. */
    READ,
    /** Writing the request failed. */
    WRITE,
    /** No complete response within the timeout; the connection was replaced. */
    TIMEOUT,
    /** A complete response whose status the protocol counts as an error. */
    STATUS,
    /** A response the driver could not parse. */
    PROTOCOL;

    private static final ErrorKind[] VALUES = values();

    /** The constants without a defensive copy; callers must not modify the array. */
    static ErrorKind[] all() {
        return VALUES;
    }
}
