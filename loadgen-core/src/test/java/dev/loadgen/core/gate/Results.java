package dev.loadgen.core.gate;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.PacingStats;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Run results with known contents for the gate tests. */
final class Results {
    static final long MS = 1_000_000L;
    static final long SECOND = 1_000_000_000L;

    private Results() {}

    /** One latency of each whole millisecond from {@code fromMs} to {@code toMs}. */
    static Histogram millis(int fromMs, int toMs) {
        Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        for (int ms = fromMs; ms <= toMs; ms++) {
            histogram.recordValue(ms * MS);
        }
        return histogram;
    }

    static RunResult result(
            Histogram corrected,
            Histogram uncorrected,
            long requests,
            long elapsedNanos,
            Map<ErrorKind, Long> errors,
            Map<Integer, Long> statuses,
            long dropped) {
        TargetSpec target = new TargetSpec(URI.create("http://127.0.0.1:8080/"), "GET", List.of(), new byte[0], false);
        RunSpec spec = new RunSpec(target, 1, 1, 10 * SECOND, 0, 2 * SECOND, Schedule.closedLoop(), 1, 0);
        return RunResult.builder(spec)
                .elapsedNanos(elapsedNanos)
                .requests(requests)
                .errors(errors)
                .statuses(statuses)
                .latencyNanos(corrected)
                .uncorrectedLatencyNanos(uncorrected)
                .pacing(new PacingStats(dropped > 0 ? 100 : 0, 0, 0, dropped))
                .build();
    }

    /** 100 responses, 1 to 100 ms corrected and 1 to 50 ms uncorrected, over 2 s (50 requests per second). */
    static RunResult hundredResponses(Map<ErrorKind, Long> errors, Map<Integer, Long> statuses, long dropped) {
        return result(millis(1, 100), millis(1, 50), 100, 2 * SECOND, errors, statuses, dropped);
    }
}
