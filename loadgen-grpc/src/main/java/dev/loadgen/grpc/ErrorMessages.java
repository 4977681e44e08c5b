package dev.loadgen.grpc;

import java.util.regex.Pattern;

/**
 * Error messages as they are counted: one failure told again with another elapsed time is the same failure
 * ({@code deadline exceeded after 0.0999s} and {@code after 0.1001s}), so numbers that measure time are replaced
 * by {@code <n>} before messages are grouped. Pure; any thread.
 */
final class ErrorMessages {
    /** A number with a time unit: {@code 0.099887000s}, {@code 250ms}, {@code 99.8 ms}. */
    private static final Pattern DURATION =
            Pattern.compile("(?<![\\w.])\\d+(?:\\.\\d+)?(\\s?(?:ns|us|µs|ms|s|m|h))\\b");
    /** A decimal number on its own (not part of an address such as 127.0.0.1). */
    private static final Pattern DECIMAL = Pattern.compile("(?<![\\w.])\\d+\\.\\d+(?![\\w.])");
    /** A count of time units by name: {@code buffered_nanos=100206375}, {@code elapsed_ms=12}. */
    private static final Pattern NAMED_TIME =
            Pattern.compile("(?i)((?:nanos|micros|millis|seconds|_ns|_us|_ms|_s)\\s?[=:]\\s?)\\d+");

    private ErrorMessages() {}

    static String normalise(String message) {
        if (message == null || message.isEmpty()) {
            return message;
        }
        String text = DURATION.matcher(message).replaceAll("<n>$1");
        text = NAMED_TIME.matcher(text).replaceAll("$1<n>");
        return DECIMAL.matcher(text).replaceAll("<n>");
    }
}
