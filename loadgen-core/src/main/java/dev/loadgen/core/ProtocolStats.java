package dev.loadgen.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * A protocol's own figures of a run's measured window ({@link StatsSchema}), plus the error messages its failed
 * exchanges carried. Every figure adds up: counters and message counts add, histograms add. Immutable; histograms
 * are copied out.
 *
 * @param counters      counter values by name, in the schema's order
 * @param histograms    histograms (nanoseconds) by name, in the schema's order
 * @param errorMessages failures by the message the protocol gave them, most frequent first
 */
public record ProtocolStats(
        Map<String, Long> counters, Map<String, Histogram> histograms, Map<String, Long> errorMessages) {
    /** No figures. */
    public static final ProtocolStats NONE = new ProtocolStats(Map.of(), Map.of(), Map.of());

    public ProtocolStats {
        counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        Map<String, Histogram> copies = new LinkedHashMap<>();
        histograms.forEach((name, histogram) -> copies.put(name, histogram.copy()));
        histograms = Collections.unmodifiableMap(copies);
        errorMessages = Collections.unmodifiableMap(mostFrequentFirst(errorMessages));
    }

    /** The figures of both added up: counters and message counts add, histograms add. */
    public ProtocolStats plus(ProtocolStats other) {
        return new ProtocolStats(
                Figures.addCounts(counters, other.counters),
                Figures.addHistograms(histograms, other.histograms),
                Figures.addCounts(errorMessages, other.errorMessages));
    }

    /** The counter called {@code name}, 0 when the protocol has none by that name. */
    public long counter(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** A copy of the histogram called {@code name}, empty when the protocol has none by that name. */
    public Histogram histogram(String name) {
        Histogram histogram = histograms.get(name);
        return histogram == null ? WorkerRecorder.newHistogram() : histogram.copy();
    }

    /** The histograms themselves, without a copy: callers must not modify them. */
    @Override
    public Map<String, Histogram> histograms() {
        return histograms;
    }

    private static Map<String, Long> mostFrequentFirst(Map<String, Long> messages) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(messages.entrySet());
        entries.sort((a, b) -> b.getValue().equals(a.getValue())
                ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : entries) {
            ordered.put(entry.getKey(), entry.getValue());
        }
        return ordered;
    }
}
