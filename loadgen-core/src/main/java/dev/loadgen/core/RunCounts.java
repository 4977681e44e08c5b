package dev.loadgen.core;

import java.util.Map;
import java.util.SortedMap;

/**
 * The counters of a run so far, for sinks that judge a run while it lasts. Immutable.
 *
 * @param requests complete responses (warm-up excluded)
 * @param errors   errors by kind
 * @param statuses responses per status code
 * @param dropped  requests that were due but never sent
 */
public record RunCounts(long requests, Map<ErrorKind, Long> errors, SortedMap<Integer, Long> statuses, long dropped) {}
