package dev.loadgen.core;

import java.time.Instant;
import java.util.Locale;

/**
 * A worker was ready only after the shared start instant plus its tolerance, and did not run: starting late would
 * skew a run spread over several workers.
 */
public final class LateStartException extends Exception {
    private final long latenessNanos;

    public LateStartException(Instant instant, long latenessNanos, long toleranceNanos) {
        super(String.format(
                Locale.ROOT,
                "ready %.3f s after the start time %s, more than the start tolerance of %.3f s; not started",
                latenessNanos / 1e9,
                instant,
                toleranceNanos / 1e9));
        this.latenessNanos = latenessNanos;
    }

    /** How long after the instant the worker was ready. */
    public long latenessNanos() {
        return latenessNanos;
    }
}
