package dev.loadgen.core;

/**
 * Which requests carry a W3C trace context and how many of the slowest traced ones the reports keep. Immutable.
 *
 * @param sampleRatio the share of requests, 0 to 1, that get a new trace each (the {@code traceparent} header or
 *                    metadata, sampled flag set)
 * @param slowest     how many of the slowest traced requests are kept per interval and for the run
 */
public record Tracing(double sampleRatio, int slowest) {
    /** No request is traced. */
    public static final Tracing NONE = new Tracing(0, 0);

    public Tracing {
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("the trace sample ratio must be between 0 and 1");
        }
        if (slowest < 0) {
            throw new IllegalArgumentException("slowest must not be negative");
        }
    }

    /** Whether any request may be traced. */
    public boolean enabled() {
        return sampleRatio > 0;
    }
}
