package dev.loadgen.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Adds up named figures of two results: counts add, histograms add. Every part of a result that is made of these,
 * a protocol's figures or a breakdown by any key, merges through here without knowing what the names mean.
 * Pure functions: any thread.
 */
public final class Figures {
    private Figures() {}

    /** The counts of both, by key: {@code a}'s keys in their order, then {@code b}'s new ones. */
    public static <K> Map<K, Long> addCounts(Map<K, Long> a, Map<K, Long> b) {
        Map<K, Long> sum = new LinkedHashMap<>(a);
        b.forEach((key, count) -> sum.merge(key, count, Long::sum));
        return sum;
    }

    /** The histograms of both, by key, added up in new histograms; neither argument is modified. */
    public static <K> Map<K, Histogram> addHistograms(Map<K, Histogram> a, Map<K, Histogram> b) {
        Map<K, Histogram> sum = new LinkedHashMap<>();
        a.forEach((key, histogram) -> sum.put(key, histogram.copy()));
        b.forEach((key, histogram) -> {
            Histogram into = sum.get(key);
            if (into == null) {
                sum.put(key, histogram.copy());
            } else {
                into.add(histogram);
            }
        });
        return sum;
    }

    /** A new histogram holding both; neither argument is modified. */
    public static Histogram add(Histogram a, Histogram b) {
        Histogram sum = a.copy();
        sum.add(b);
        return sum;
    }
}
