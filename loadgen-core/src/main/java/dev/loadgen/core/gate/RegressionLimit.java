package dev.loadgen.core.gate;

/**
 * How much worse than a baseline run a metric may get, in percent: {@code p99=10%} lets p99 grow by 10%,
 * {@code rps=5%} lets the rate shrink by 5%. Immutable.
 *
 * @param metric     the metric compared
 * @param maxPercent the largest change in the worse direction that still passes
 * @param text       the limit as the user typed it (or as the default spells it)
 */
public record RegressionLimit(Metric metric, double maxPercent, String text) {}
