package dev.loadgen.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A load shape: stages during which the rate moves linearly from where the previous stage ended (0 before the
 * first) to the stage's target, as in {@code 10s:1000,30s:5000,20s:5000}. Request {@code i} is due when the
 * planned count, the integral of the rate, reaches {@code i}; within a stage that is a quadratic solved in
 * closed form. Immutable.
 */
public final class RateStages implements FireTimes {
    /** One stage: over {@code durationNanos} the rate moves to {@code targetRatePerSecond}. */
    public record Stage(long durationNanos, double targetRatePerSecond) {}

    private final List<Stage> stages;
    private final long[] startNanos;
    private final double[] startRate;
    private final double[] startCount;
    private final long totalNanos;
    private final double totalCount;

    public RateStages(List<Stage> stages) {
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("at least one stage");
        }
        this.stages = List.copyOf(stages);
        int n = stages.size();
        startNanos = new long[n];
        startRate = new double[n];
        startCount = new double[n];
        long t = 0;
        double rate = 0;
        double count = 0;
        for (int i = 0; i < n; i++) {
            Stage stage = stages.get(i);
            startNanos[i] = t;
            startRate[i] = rate;
            startCount[i] = count;
            count += (rate + stage.targetRatePerSecond()) / 2 * stage.durationNanos() / 1e9;
            t += stage.durationNanos();
            rate = stage.targetRatePerSecond();
        }
        totalNanos = t;
        totalCount = count;
    }

    /**
     * Parses {@code DURATION:RATE[,DURATION:RATE...]}, durations as {@link Quantities#parseDurationNanos}
     * (bare numbers are seconds), rates as counts per second.
     */
    public static RateStages parse(String text) throws InputException {
        List<Stage> stages = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new InputException("invalid stage '" + part.trim() + "' (expected DURATION:RATE, e.g. 30s:1000)");
            }
            long nanos = Quantities.parseDurationNanos(part.substring(0, colon), TimeUnit.SECONDS);
            long rate = Quantities.parseCount(part.substring(colon + 1));
            if (nanos <= 0) {
                throw new InputException("stage '" + part.trim() + "' needs a positive duration");
            }
            if (rate > MAX_RATE_PER_SECOND) {
                throw new InputException("stage '" + part.trim() + "' asks for more than 1G requests per second (one "
                        + "per nanosecond, the finest the clock schedules)");
            }
            stages.add(new Stage(nanos, rate));
        }
        RateStages parsed = new RateStages(stages);
        if (parsed.totalCount < 1) {
            throw new InputException("stages '" + text + "' plan no request at all");
        }
        return parsed;
    }

    public List<Stage> stages() {
        return stages;
    }

    @Override
    public long fireTimeNanos(long index) {
        if (index >= totalCount) {
            return NEVER;
        }
        int s = stageOf((double) index);
        Stage stage = stages.get(s);
        double c = index - startCount[s];
        double b = startRate[s];
        double a = (stage.targetRatePerSecond() - b) / 2 / (stage.durationNanos() / 1e9);
        // a x^2 + b x = c in seconds; 2c / (b + sqrt(b^2 + 4ac)) is the root without cancellation.
        double root = Math.sqrt(Math.max(0, b * b + 4 * a * c));
        double seconds = c == 0 ? 0 : 2 * c / (b + root);
        long offset = startNanos[s] + Math.round(seconds * 1e9);
        return Math.min(offset, startNanos[s] + stage.durationNanos());
    }

    /** The last stage that starts at or before {@code index} and plans any request. */
    private int stageOf(double index) {
        for (int s = stages.size() - 1; s > 0; s--) {
            if (startCount[s] <= index && plannedIn(s) > 0) {
                return s;
            }
        }
        return 0;
    }

    private double plannedIn(int s) {
        return (s + 1 < stages.size() ? startCount[s + 1] : totalCount) - startCount[s];
    }

    @Override
    public long durationNanos() {
        return totalNanos;
    }

    @Override
    public double plannedRequests(long offsetNanos) {
        if (offsetNanos >= totalNanos) {
            return totalCount;
        }
        int s = stages.size() - 1;
        while (startNanos[s] > offsetNanos) {
            s--;
        }
        Stage stage = stages.get(s);
        double x = (offsetNanos - startNanos[s]) / 1e9;
        double a = (stage.targetRatePerSecond() - startRate[s]) / 2 / (stage.durationNanos() / 1e9);
        return startCount[s] + startRate[s] * x + a * x * x;
    }

    @Override
    public double peakRatePerSecond() {
        double peak = 0;
        for (Stage stage : stages) {
            peak = Math.max(peak, stage.targetRatePerSecond());
        }
        return peak;
    }
}
