package dev.loadgen.cli;

import dev.loadgen.core.Interval;
import dev.loadgen.core.RunObserver;
import dev.loadgen.core.report.WrkUnits;
import java.io.PrintWriter;

/**
 * The live status line on a terminal's stderr, rewritten in place with a carriage return once per interval:
 * elapsed of total time, the last interval's request rate, errors so far and the last interval's p99
 * (corrected latency). {@link #clear} blanks it before the report prints.
 *
 * <p>Threading: {@link #onInterval} runs on the reporter thread, which is the thread that called
 * {@code LoadRun.execute}; {@link #clear} is called on that same thread after {@code execute} returned.
 */
final class ProgressLine implements RunObserver {
    private final PrintWriter err;
    private final String total;
    private long errors;
    private int shown;

    /** @param durationNanos the run's duration; 0 when it is bounded by a request count only */
    ProgressLine(PrintWriter err, long durationNanos) {
        this.err = err;
        this.total = durationNanos > 0 ? " of " + seconds(durationNanos) : "";
    }

    @Override
    public void onInterval(Interval interval) {
        errors += interval.errors();
        double perSecond = interval.lengthNanos() == 0 ? 0 : interval.requests() * 1e9 / interval.lengthNanos();
        long p99 = interval.corrected().getTotalCount() == 0
                ? 0
                : interval.corrected().getValueAtPercentile(99);
        String line = "  " + seconds(interval.startOffsetNanos() + interval.lengthNanos()) + total
                + (interval.warmup() ? " (warm-up)" : "") + ", " + WrkUnits.formatMetric(perSecond) + " req/s, "
                + errors + " errors, p99 " + WrkUnits.formatMicros(p99 / 1e3);
        // Spaces cover what is left of a longer previous line.
        err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length())));
        err.flush();
        shown = line.length();
    }

    /** Blanks the line so that the report starts at the beginning of an empty line. */
    void clear() {
        if (shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }

    private static String seconds(long nanos) {
        return nanos / 1_000_000_000L + "s";
    }
}
