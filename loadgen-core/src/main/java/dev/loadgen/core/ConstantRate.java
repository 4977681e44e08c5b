package dev.loadgen.core;

/**
 * Requests at a fixed rate: request {@code i} is due at {@code i / rate} seconds, computed exactly in integer
 * arithmetic for whole rates, so that spacing never drifts. Immutable.
 */
public record ConstantRate(long ratePerSecond) implements FireTimes {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public ConstantRate {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 per second");
        }
    }

    @Override
    public long fireTimeNanos(long index) {
        long whole = index / ratePerSecond;
        long rest = index % ratePerSecond;
        if (whole > (Long.MAX_VALUE - NANOS_PER_SECOND) / NANOS_PER_SECOND) {
            return NEVER;
        }
        // rest < rate, so rest * 1e9 overflows only for rates above 9.2e9 per second, far beyond any socket.
        return whole * NANOS_PER_SECOND + rest * NANOS_PER_SECOND / ratePerSecond;
    }

    @Override
    public long durationNanos() {
        return Long.MAX_VALUE;
    }

    @Override
    public double plannedRequests(long offsetNanos) {
        return (double) ratePerSecond * offsetNanos / NANOS_PER_SECOND;
    }

    @Override
    public double peakRatePerSecond() {
        return ratePerSecond;
    }
}
