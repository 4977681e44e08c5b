package dev.loadgen.cli;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a run reports besides wrk's summary. Immutable.
 *
 * @param latency       print the latency distribution (wrk's four lines, or wrk2's spectrum at a constant rate)
 * @param uncorrected   also print wrk2's block for the latency measured from the actual write
 * @param json          where the JSON result goes: a file, {@link #STDOUT}, or null for none
 * @param hlog          the HdrHistogram interval log to write, or null for none
 * @param html          the HTML report to write, or null for none
 * @param intervalNanos the length of the engine's reporting intervals (hlog lines, progress updates)
 * @param progress      show the live status line on stderr (decided by the caller: a terminal, not --quiet)
 */
record ReportOptions(
        boolean latency, boolean uncorrected, String json, Path hlog, Path html, long intervalNanos, boolean progress) {
    /** {@code --json -}: the JSON goes to stdout and the text report to stderr. */
    static final String STDOUT = "-";

    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Only the text report, with or without the distribution: what {@code demo} prints. */
    static ReportOptions text(boolean latency) {
        return new ReportOptions(latency, false, null, null, null, DEFAULT_INTERVAL_NANOS, false);
    }

    boolean jsonToStdout() {
        return STDOUT.equals(json);
    }
}
