package dev.loadgen.core.gate;

/**
 * One metric of a run compared with a baseline run. Immutable.
 *
 * @param metric        the metric
 * @param baseline      its value in the baseline run (NaN: not measured)
 * @param current       its value in the current run (NaN: not measured)
 * @param changePercent {@code (current - baseline) / baseline} in percent; infinite when the baseline is 0 and the
 *                      current value is not, NaN when either was not measured
 * @param limit         the limit that applies, or null when the metric is shown for information only
 * @param exceeded      whether the change in the worse direction is beyond the limit (never without a limit)
 */
public record RegressionResult(
        Metric metric, double baseline, double current, double changePercent, RegressionLimit limit, boolean exceeded) {

    /** Compares {@code metric} of both runs, against {@code limit} when it is not null. */
    public static RegressionResult of(Metric metric, RunMetrics baseline, RunMetrics current, RegressionLimit limit) {
        double before = baseline.value(metric);
        double after = current.value(metric);
        double change;
        if (Double.isNaN(before) || Double.isNaN(after)) {
            change = Double.NaN;
        } else if (before == after) {
            change = 0;
        } else if (before == 0) {
            change = after > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        } else {
            change = (after - before) * 100.0 / before;
        }
        double worse = metric.higherIsWorse() ? change : -change;
        // Without a figure on either side nothing shows the run is as good as the baseline: a limit fails.
        boolean exceeded = limit != null && (Double.isNaN(change) || worse > limit.maxPercent());
        return new RegressionResult(metric, before, after, change, limit, exceeded);
    }

    /** {@code limit +10%} for a metric where higher is worse, {@code limit -5%} for the rate. */
    public String limitText() {
        if (limit == null) {
            return "";
        }
        String percent = MetricFormat.value(metric, limit.maxPercent(), true);
        return "limit " + (metric.higherIsWorse() ? "+" : "-") + percent;
    }

    /** {@code baseline 1.00ms, current 1.20ms, change +20.00%, limit +10%}. */
    public String explanation() {
        return "baseline " + MetricFormat.value(metric, baseline, false) + ", current "
                + MetricFormat.value(metric, current, false) + ", change " + MetricFormat.change(changePercent)
                + (limit == null ? "" : ", " + limitText());
    }
}
