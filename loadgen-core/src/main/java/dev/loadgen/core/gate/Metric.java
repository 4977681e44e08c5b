package dev.loadgen.core.gate;

import dev.loadgen.core.report.Percentiles;

/**
 * A figure of a run that assertions and regression limits compare. Latency metrics are in nanoseconds,
 * {@link Kind#RPS} in requests per second, the others are counts. Immutable.
 *
 * @param name        the canonical spelling, as reports print it ({@code p99}, {@code uncorrected.max},
 *                    {@code status:503})
 * @param kind        what is measured
 * @param percentile  for {@link Kind#PERCENTILE}: the percentile, 0 to 100; otherwise 0
 * @param uncorrected for latency: measured from the actual write instead of the intended send time
 * @param statusCode  for {@link Kind#STATUS}: the code counted (the protocol's status number)
 */
public record Metric(String name, Kind kind, double percentile, boolean uncorrected, int statusCode) {
    /** The canonical name of {@link Kind#STATUS_ERRORS}, accepted for every protocol. */
    public static final String STATUS_ERRORS_NAME = "status_errors";

    /** What a metric measures. */
    public enum Kind {
        PERCENTILE,
        MAX,
        MEAN,
        RPS,
        ERRORS,
        TIMEOUTS,
        STATUS_ERRORS,
        STATUS,
        DROPPED;

        /** Whether the metric is a latency, in nanoseconds. */
        public boolean latency() {
            return this == PERCENTILE || this == MAX || this == MEAN;
        }
    }

    public static Metric percentile(double percentile, boolean uncorrected) {
        return new Metric(
                prefix(uncorrected) + Percentiles.label(percentile), Kind.PERCENTILE, percentile, uncorrected, 0);
    }

    public static Metric of(Kind kind, boolean uncorrected) {
        String name = switch (kind) {
            case MAX -> "max";
            case MEAN -> "mean";
            case RPS -> "rps";
            case ERRORS -> "errors";
            case TIMEOUTS -> "timeouts";
            case STATUS_ERRORS -> STATUS_ERRORS_NAME;
            case DROPPED -> "dropped";
            case PERCENTILE, STATUS -> throw new IllegalArgumentException(kind + " needs a parameter");
        };
        return new Metric(prefix(uncorrected) + name, kind, 0, uncorrected, 0);
    }

    /**
     * The count of responses whose status the protocol counts as an error, named {@code name}: its canonical
     * name or a spelling of the run's protocol ({@link StatusNames#errorStatusAliases()}).
     */
    public static Metric statusErrors(String name) {
        return new Metric(name, Kind.STATUS_ERRORS, 0, false, 0);
    }

    public static Metric status(int code, String spelling) {
        return new Metric("status:" + spelling, Kind.STATUS, 0, false, code);
    }

    /** Whether {@code other} measures the same figure, under whatever name it was given. */
    public boolean sameFigure(Metric other) {
        return kind == other.kind
                && percentile == other.percentile
                && uncorrected == other.uncorrected
                && statusCode == other.statusCode;
    }

    /** Whether a larger value is worse: latency and errors grow when a service gets worse, the rate shrinks. */
    public boolean higherIsWorse() {
        return kind != Kind.RPS;
    }

    /** Whether the value is a count that can only grow while a run goes on. */
    public boolean growsDuringRun() {
        return switch (kind) {
            case ERRORS, TIMEOUTS, STATUS_ERRORS, STATUS, DROPPED, MAX -> true;
            default -> false;
        };
    }

    private static String prefix(boolean uncorrected) {
        return uncorrected ? "uncorrected." : "";
    }
}
