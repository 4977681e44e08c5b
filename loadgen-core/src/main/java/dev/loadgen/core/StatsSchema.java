package dev.loadgen.core;

import java.util.List;

/**
 * The figures a protocol records beside the core's, declared once per run by its driver: named counters and named
 * histograms (values in nanoseconds), addressed by their index in these lists. The core records them per worker on
 * its windows (warm-up and measured), adds them up like its own, and carries them in the result. Immutable.
 *
 * @param counters   counter names, lower case with underscores ({@code messages_sent})
 * @param histograms histogram names, likewise ({@code message_gap})
 */
public record StatsSchema(List<String> counters, List<String> histograms) {
    /** No figures of the protocol's own. */
    public static final StatsSchema NONE = new StatsSchema(List.of(), List.of());

    public StatsSchema {
        counters = List.copyOf(counters);
        histograms = List.copyOf(histograms);
    }
}
