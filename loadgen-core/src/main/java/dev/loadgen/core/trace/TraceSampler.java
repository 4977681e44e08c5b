package dev.loadgen.core.trace;

import dev.loadgen.core.Tracing;
import java.util.SplittableRandom;

/**
 * Decides which requests of one connection are traced and gives each traced request new IDs: a 128-bit trace ID
 * and a 64-bit span ID (the request's client span), random and never all zeros, as W3C Trace Context requires.
 * The IDs of the last sampled request stay in the sampler's fields until the next call of {@link #sample}.
 *
 * <p>Threading: confined to the connection's event loop. Sampling allocates nothing.
 */
public final class TraceSampler {
    private final double ratio;
    private final SplittableRandom random;
    private long traceIdHigh;
    private long traceIdLow;
    private long spanId;

    private TraceSampler(double ratio, SplittableRandom random) {
        this.ratio = ratio;
        this.random = random;
    }

    /** A sampler for {@code tracing}, or null when no request is traced (callers test for null). */
    public static TraceSampler of(Tracing tracing) {
        return tracing.enabled() ? new TraceSampler(tracing.sampleRatio(), new SplittableRandom()) : null;
    }

    /** A sampler with a fixed seed, for tests. */
    static TraceSampler seeded(double ratio, long seed) {
        return new TraceSampler(ratio, new SplittableRandom(seed));
    }

    /** Whether the next request is traced; when it is, new IDs are in {@link #traceIdHigh()} and the others. */
    public boolean sample() {
        if (ratio < 1 && random.nextDouble() >= ratio) {
            return false;
        }
        do {
            traceIdHigh = random.nextLong();
            traceIdLow = random.nextLong();
        } while (traceIdHigh == 0 && traceIdLow == 0);
        do {
            spanId = random.nextLong();
        } while (spanId == 0);
        return true;
    }

    public long traceIdHigh() {
        return traceIdHigh;
    }

    public long traceIdLow() {
        return traceIdLow;
    }

    public long spanId() {
        return spanId;
    }
}
