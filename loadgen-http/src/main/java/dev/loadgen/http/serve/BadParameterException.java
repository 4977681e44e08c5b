package dev.loadgen.http.serve;

/** A query parameter the target server cannot honour; the message is the one-line reason sent back with a 400. */
final class BadParameterException extends Exception {
    BadParameterException(String message) {
        super(message, null, false, false);
    }
}
