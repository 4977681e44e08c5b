package dev.loadgen.core;

/**
 * What the command line asked for in connections and requests in flight, before a protocol decides what they
 * mean for it: {@code -c} may be connections that carry one request each, or requests in flight shared by
 * {@code --connections} multiplexed connections. Immutable.
 *
 * @param threads     event loops of the run
 * @param concurrency the value of {@code -c}, or null when not given
 * @param connections the value of {@code --connections}, or null when not given
 */
public record Concurrency(int threads, Long concurrency, Long connections) {
    /** The default of {@code -c} when neither option is given. */
    public static final long DEFAULT = 10;
}
