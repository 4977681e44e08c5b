package dev.loadgen.core.report;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.PacingStats;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.RuntimeActivity;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.gate.StatusNames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The default text report, laid out byte for byte like wrk's (same lines, column widths and units) so that
 * scripts which scrape wrk keep working:
 *
 * <pre>
 * Running 30s test @ http://127.0.0.1:8080/index.html
 *   12 threads and 400 connections
 *   Thread Stats   Avg      Stdev     Max   +/- Stdev
 *     Latency   635.91us    0.89ms  12.92ms   93.69%
 *     Req/Sec    56.20k     8.07k   62.00k    86.54%
 *   Latency Distribution
 *      50%  611.00us
 *      75%  ...
 *   22464657 requests in 30.00s, 17.76GB read
 *   Socket errors: connect 0, read 0, write 0, timeout 0
 *   Error statuses: 12
 * Requests/sec: 748868.53
 * Transfer/sec:    606.33MB
 * </pre>
 *
 * <p>Latency is the corrected latency ({@link RunResult#latencyNanos()}), shown from microseconds up. Req/Sec
 * summarises the per-thread rate samples. "Latency Distribution" appears only when asked for; its percentiles
 * are HdrHistogram's ({@link Histogram#getValueAtPercentile}), the same figures the other loadgen outputs
 * give; wrk's own ranking (sample floor(p * n) + 1) can land one sample higher. "Socket errors" appears only when a connect, read, write or timeout
 * error occurred, the count of error statuses (titled by the protocol) only when non-zero. The run time and rates use
 * the measured elapsed time. How the statistics are computed is described on {@link ThreadStats}. For a
 * constant-rate run the distribution is wrk2's instead ({@link LatencySpectrum}), in the same place.
 *
 * <p>Where loadgen differs from wrk:
 * <ul>
 *   <li>A run bounded by a request count instead of a duration starts with {@code Running 10000 requests test};
 *       a duration under one second, which wrk cannot run, is given in milliseconds ({@code Running 500ms
 *       test}).</li>
 *   <li>{@code  Protocol errors: N} (responses that could not be parsed) follows the socket errors, only when
 *       non-zero.</li>
 *   <li>A password in the URL's user info (or all of a user info without one, which may be a token) is
 *       masked. Headers are never printed.</li>
 *   <li>With no samples the statistics print as zeros, where wrk prints {@code nan%}.</li>
 *   <li>A value too wide for its column widens the row rather than being cut short.</li>
 * </ul>
 * An interrupted run renders like any other; saying so is the caller's job.
 *
 * <p>Pure functions: any thread.
 */
public final class WrkTextReport {
    private static final int[] PERCENTILES = {50, 75, 90, 99};
    private static final double NANOS_PER_MICRO = 1_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private WrkTextReport() {}

    /**
     * The whole report: {@link #header} followed by {@link #results}.
     *
     * @param statusNames the run's protocol's names, which title the count of error statuses
     */
    public static String render(
            RunResult result, boolean latencyDistribution, boolean uncorrected, StatusNames statusNames) {
        return header(result.spec()) + results(result, latencyDistribution, uncorrected, statusNames);
    }

    /** The two lines wrk prints before the run starts: what is tested, and with how many threads and connections. */
    public static String header(RunSpec spec) {
        String bound = spec.durationNanos() == 0 ? spec.requestCount() + " requests" : duration(spec.durationNanos());
        return "Running " + bound + " test @ " + spec.target().displayUrl() + "\n" + "  " + spec.threads()
                + " threads and " + spec.connections() + " connections\n";
    }

    /**
     * loadgen's lines about the schedule, after the error lines: for an open-loop run the target and achieved
     * rate, late sends and drops; for a run with a warm-up what it left out.
     */
    private static void pacing(StringBuilder out, RunResult result) {
        PacingStats pacing = result.pacing();
        if (pacing.openLoop()) {
            out.append("  Target rate: ")
                    .append(WrkUnits.fixed(pacing.targetRatePerSecond(), 2))
                    .append(" requests/sec, achieved: ")
                    .append(WrkUnits.fixed(result.requestsPerSecond(), 2))
                    .append('\n');
            out.append("  Late sends: ").append(pacing.lateSends());
            if (pacing.lateSends() > 0) {
                out.append(" (over 1 ms late, at most ")
                        .append(WrkUnits.formatMicros(pacing.maxLatenessNanos() / NANOS_PER_MICRO))
                        .append(')');
            }
            out.append(", dropped: ").append(pacing.dropped()).append('\n');
        }
        long warmupNanos = result.spec().warmupNanos();
        if (warmupNanos > 0) {
            out.append("  Warm-up: ")
                    .append(WrkUnits.formatMicros(warmupNanos / NANOS_PER_MICRO))
                    .append(", ")
                    .append(result.warmupResponses())
                    .append(" responses not recorded\n");
        }
        runtime(out, result);
    }

    /**
     * loadgen's line about the process itself in the measured window: the transport, the time the JIT compiler
     * and the collector took, and the process's CPU time. Only for a result that knows them; a figure the runtime
     * does not give (a native binary has no JIT compiler) is left out.
     */
    private static void runtime(StringBuilder out, RunResult result) {
        RuntimeActivity runtime = result.runtime();
        if (!runtime.known()) {
            return;
        }
        out.append("  Transport: ").append(runtime.transport());
        if (runtime.nativeImage()) {
            out.append("; native binary, no JIT compiler");
        }
        List<String> figures = new ArrayList<>();
        if (runtime.compilerNanos() != RuntimeActivity.UNKNOWN) {
            figures.add("JIT compiler busy " + seconds(runtime.compilerNanos()));
        }
        if (runtime.gcNanos() != RuntimeActivity.UNKNOWN) {
            figures.add("GC " + seconds(runtime.gcNanos())
                    + (runtime.gcCollections() == RuntimeActivity.UNKNOWN
                            ? ""
                            : " (" + runtime.gcCollections() + " collections)"));
        }
        if (runtime.cpuNanos() != RuntimeActivity.UNKNOWN) {
            figures.add("CPU " + seconds(runtime.cpuNanos()));
        }
        if (!figures.isEmpty()) {
            out.append("; ")
                    .append(String.join(", ", figures))
                    .append(", of the measured ")
                    .append(seconds(result.elapsedNanos()));
        }
        out.append('\n');
    }

    /** A time as wrk writes a run time: {@code 812.00ms}, {@code 1.20s}. */
    private static String seconds(long nanos) {
        return WrkUnits.formatMicros(nanos / NANOS_PER_MICRO);
    }

    /**
     * Everything after {@link #header}: the statistics table, the optional distribution, totals and rates.
     * With {@code latencyDistribution}, a constant-rate run gets wrk2's blocks ({@link LatencySpectrum}) and a
     * closed-loop run wrk's four lines. {@code uncorrected} adds wrk2's block for the latency measured from the
     * actual write; only a constant-rate run has one that differs, so a closed-loop run ignores it.
     * {@code statusNames} title the count of error statuses.
     */
    public static String results(
            RunResult result, boolean latencyDistribution, boolean uncorrected, StatusNames statusNames) {
        StringBuilder out = new StringBuilder(1024);
        Histogram latency = result.latencyNanos();
        out.append("  Thread Stats   Avg      Stdev     Max   +/- Stdev\n");
        latencyRow(out, latency);
        row(out, "Req/Sec", ThreadStats.of(result.requestsPerSecondPerThread()), WrkUnits::formatMetric);
        if (latencyDistribution && result.spec().schedule() instanceof Schedule.OpenLoop) {
            out.append(LatencySpectrum.block(latency, LatencySpectrum.RECORDED));
            if (uncorrected) {
                out.append('\n')
                        .append(LatencySpectrum.block(result.uncorrectedLatencyNanos(), LatencySpectrum.UNCORRECTED));
            }
        } else if (latencyDistribution) {
            out.append("  Latency Distribution\n");
            for (int percentile : PERCENTILES) {
                out.append(pad(Integer.toString(percentile), 7)).append('%');
                column(out, WrkUnits.formatMicros(latency.getValueAtPercentile(percentile) / NANOS_PER_MICRO), 10);
                out.append('\n');
            }
        }
        out.append("  ")
                .append(result.requests())
                .append(" requests in ")
                .append(WrkUnits.formatMicros(result.elapsedNanos() / NANOS_PER_MICRO))
                .append(", ")
                .append(WrkUnits.formatBytes((double) result.bytesRead()))
                .append(" read\n");
        errors(out, result, statusNames);
        pacing(out, result);
        out.append("Requests/sec: ")
                .append(pad(WrkUnits.fixed(result.requestsPerSecond(), 2), 9))
                .append('\n');
        out.append("Transfer/sec: ")
                .append(pad(WrkUnits.formatBytes(result.bytesReadPerSecond()), 11))
                .append('\n');
        return out.toString();
    }

    /** wrk's "Latency" row of the statistics table for a histogram of nanoseconds. */
    static void latencyRow(StringBuilder out, Histogram latencyNanos) {
        row(out, "Latency", ThreadStats.of(latencyNanos), nanos -> WrkUnits.formatMicros(nanos / NANOS_PER_MICRO));
    }

    private static void errors(StringBuilder out, RunResult result, StatusNames statusNames) {
        long connect = result.errors(ErrorKind.CONNECT);
        long read = result.errors(ErrorKind.READ);
        long write = result.errors(ErrorKind.WRITE);
        long timeout = result.errors(ErrorKind.TIMEOUT);
        if (connect != 0 || read != 0 || write != 0 || timeout != 0) {
            out.append("  Socket errors: connect ")
                    .append(connect)
                    .append(", read ")
                    .append(read)
                    .append(", write ")
                    .append(write)
                    .append(", timeout ")
                    .append(timeout)
                    .append('\n');
        }
        if (result.errors(ErrorKind.PROTOCOL) != 0) {
            out.append("  Protocol errors: ")
                    .append(result.errors(ErrorKind.PROTOCOL))
                    .append('\n');
        }
        if (result.errors(ErrorKind.STATUS) != 0) {
            out.append("  ")
                    .append(statusNames.errorStatusTitle())
                    .append(": ")
                    .append(result.errors(ErrorKind.STATUS))
                    .append('\n');
        }
    }

    private static void row(StringBuilder out, String name, ThreadStats stats, DoubleFunction<String> format) {
        out.append("    ").append(name).append(" ".repeat(10 - name.length()));
        column(out, format.apply(stats.mean()), 8);
        column(out, format.apply(stats.stdev()), 10);
        column(out, format.apply(stats.max()), 9);
        out.append(pad(WrkUnits.fixed(stats.withinStdevPercent(), 2), 8)).append("%\n");
    }

    /**
     * wrk's print_units: a column {@code width} wide whose last two characters are kept for the unit, so that
     * the digits of "12.00", "1.50s" and "0.89ms" line up. wrk cuts a value too wide for its column, turning a
     * mean of "1000.00ms" into "1000.00m"; here it widens the row instead.
     */
    static void column(StringBuilder out, String value, int width) {
        int letters = 0;
        for (int i = value.length() - 2; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                letters++;
            }
        }
        int spaces = 2 - letters;
        int field = width - spaces;
        out.append(pad(value, field)).append(" ".repeat(spaces));
    }

    static String pad(String value, int width) {
        return value.length() >= width ? value : " ".repeat(width - value.length()) + value;
    }

    /** wrk prints whole seconds or minutes; below a second that would read "0s", so milliseconds are used. */
    private static String duration(long nanos) {
        return nanos < NANOS_PER_SECOND
                ? nanos / NANOS_PER_MILLI + "ms"
                : WrkUnits.formatSeconds((double) nanos / NANOS_PER_SECOND);
    }
}
