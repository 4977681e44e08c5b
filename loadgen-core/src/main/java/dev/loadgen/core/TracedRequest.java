package dev.loadgen.core;

/**
 * One of the slowest traced requests of an interval or of the run. Immutable.
 *
 * @param latencyNanos    its corrected latency (from its intended send time)
 * @param status          its response's status code
 * @param traceId         its trace ID, 32 hex digits
 * @param spanId          its client span's ID, 16 hex digits: the parent ID the server saw
 * @param endOffsetNanos  when its response completed, from the run's start
 */
public record TracedRequest(long latencyNanos, int status, String traceId, String spanId, long endOffsetNanos) {}
