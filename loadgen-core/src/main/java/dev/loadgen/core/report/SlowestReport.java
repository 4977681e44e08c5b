package dev.loadgen.core.report;

import dev.loadgen.core.TracedRequest;
import dev.loadgen.core.gate.StatusNames;
import java.util.List;
import java.util.Locale;

/**
 * The text report's list of the run's slowest traced requests, so that a user can look up their traces: latency
 * (corrected), status by the protocol's name, trace ID and the client span's ID. Pure; any thread.
 */
public final class SlowestReport {
    private SlowestReport() {}

    /** The section, or an empty string when no request was traced. */
    public static String text(List<TracedRequest> slowest, StatusNames statusNames) {
        if (slowest.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("  Slowest traced requests\n");
        out.append(
                String.format(Locale.ROOT, "    %-10s %-18s %-32s  %s%n", "Latency", "Status", "Trace ID", "Span ID"));
        for (TracedRequest request : slowest) {
            out.append(String.format(
                    Locale.ROOT,
                    "    %-10s %-18s %-32s  %s%n",
                    WrkUnits.formatMicros(request.latencyNanos() / 1000.0),
                    statusNames.name(request.status()),
                    request.traceId(),
                    request.spanId()));
        }
        return out.toString();
    }
}
