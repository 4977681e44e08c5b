package dev.loadgen.core;

/** The input was valid but the run could not start: unknown host, nothing listening, failed handshake. Exit code 1. */
public final class StartException extends Exception {
    public StartException(String message) {
        super(message);
    }

    public StartException(String message, Throwable cause) {
        super(message, cause);
    }
}
