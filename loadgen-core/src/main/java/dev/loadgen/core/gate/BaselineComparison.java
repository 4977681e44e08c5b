package dev.loadgen.core.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run set against a baseline run: the usual metrics side by side with their change, and the regression limits
 * checked. Immutable; any thread.
 */
public final class BaselineComparison {
    /**
     * What applies when no limits are given: p99 may grow by 20%, the rate may fall by 10%. The help texts spell it
     * out (a picocli description cannot hold a computed value); a test keeps them equal.
     */
    public static final String DEFAULT_LIMITS = "p99=20%,rps=10%";

    /** The metrics every table shows, with the error-status count under the protocol's name for it. */
    private static List<Metric> shown(StatusNames statusNames) {
        List<String> aliases = statusNames.errorStatusAliases();
        return List.of(
                Metric.of(Metric.Kind.RPS, false),
                Metric.of(Metric.Kind.ERRORS, false),
                Metric.of(Metric.Kind.TIMEOUTS, false),
                Metric.statusErrors(aliases.isEmpty() ? Metric.STATUS_ERRORS_NAME : aliases.get(0)),
                Metric.of(Metric.Kind.MEAN, false),
                Metric.percentile(50, false),
                Metric.percentile(90, false),
                Metric.percentile(99, false),
                Metric.percentile(99.9, false),
                Metric.of(Metric.Kind.MAX, false));
    }

    private final List<RegressionResult> rows;

    private BaselineComparison(List<RegressionResult> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * The shown metrics and every limited one, each limit checked.
     *
     * @param statusNames the run's protocol's names, which name the error-status row
     */
    public static BaselineComparison of(
            RunMetrics baseline, RunMetrics current, List<RegressionLimit> limits, StatusNames statusNames) {
        List<RegressionLimit> unshown = new ArrayList<>(limits);
        List<RegressionResult> rows = new ArrayList<>();
        for (Metric metric : shown(statusNames)) {
            RegressionLimit limit = null;
            for (RegressionLimit candidate : limits) {
                if (candidate.metric().sameFigure(metric)) {
                    limit = candidate;
                }
            }
            unshown.removeIf(candidate -> candidate.metric().sameFigure(metric));
            rows.add(RegressionResult.of(metric, baseline, current, limit));
        }
        for (RegressionLimit limit : unshown) {
            rows.add(RegressionResult.of(limit.metric(), baseline, current, limit));
        }
        return new BaselineComparison(rows);
    }

    /** Every row, in table order. */
    public List<RegressionResult> rows() {
        return rows;
    }

    /** The rows that carry a limit, in table order. */
    public List<RegressionResult> checked() {
        return rows.stream().filter(row -> row.limit() != null).toList();
    }

    public boolean exceeded() {
        return exceededCount() > 0;
    }

    /** How many limits were exceeded. */
    public long exceededCount() {
        return rows.stream().filter(RegressionResult::exceeded).count();
    }

    /** The side-by-side table, one metric a line, with OK or EXCEEDED next to the limited ones. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "  %-16s %12s %12s %11s\n", "Metric", "Baseline", "Current", "Change"));
        for (RegressionResult row : rows) {
            String line = String.format(
                    Locale.ROOT,
                    "  %-16s %12s %12s %11s",
                    row.metric().name(),
                    MetricFormat.value(row.metric(), row.baseline(), false),
                    MetricFormat.value(row.metric(), row.current(), false),
                    MetricFormat.change(row.changePercent()));
            if (row.limit() != null) {
                line += "  " + (row.exceeded() ? "FAIL" : "PASS") + " (" + row.limitText() + ")";
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
