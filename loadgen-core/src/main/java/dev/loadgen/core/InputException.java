package dev.loadgen.core;

/** The user's input cannot describe a run: a bad flag value, URL, file or header. Exit code 2. */
public final class InputException extends Exception {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
