package dev.loadgen.core.report;

import java.io.InputStream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The intervals of one tag of an HdrHistogram interval log, merged, and rendered as wrk's latency row (and,
 * when asked, wrk2's distribution and spectrum). Values are taken as nanoseconds, as {@link IntervalLog} and
 * HdrHistogram's own tools write them.
 *
 * @param tag        the tag whose intervals were merged
 * @param latency    all of them, merged
 * @param intervals  how many there were
 * @param spanNanos  from the start of the first to the end of the last
 */
public record HistogramLogSummary(String tag, Histogram latency, int intervals, long spanNanos) {

    /**
     * Reads every interval tagged {@code tag} from {@code in}; does not close it.
     *
     * @throws IllegalArgumentException when {@code in} is not an interval log or has no interval with that tag
     */
    public static HistogramLogSummary read(InputStream in, String tag) {
        HistogramLogReader reader = new HistogramLogReader(in);
        Histogram merged = null;
        int count = 0;
        double first = Double.MAX_VALUE;
        double last = 0;
        try {
            for (EncodableHistogram next = reader.nextIntervalHistogram();
                    next != null;
                    next = reader.nextIntervalHistogram()) {
                if (!tag.equals(next.getTag())) {
                    continue;
                }
                if (!(next instanceof Histogram histogram)) {
                    throw new IllegalArgumentException("tag '" + tag + "' holds floating-point histograms");
                }
                if (merged == null) {
                    merged = new Histogram(
                            histogram.getLowestDiscernibleValue(),
                            histogram.getHighestTrackableValue(),
                            histogram.getNumberOfSignificantValueDigits());
                }
                merged.add(histogram);
                first = Math.min(first, (double) histogram.getStartTimeStamp());
                last = Math.max(last, (double) histogram.getEndTimeStamp());
                count++;
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an HdrHistogram interval log (" + e.getMessage() + ")");
        }
        if (merged == null) {
            throw new IllegalArgumentException("no interval tagged '" + tag + "' (not an HdrHistogram interval log?)");
        }
        return new HistogramLogSummary(tag, merged, count, Math.round((last - first) * 1e6));
    }

    /** wrk's statistics header and latency row, the optional wrk2 block, and the count and span. */
    public String render(boolean spectrum) {
        StringBuilder out = new StringBuilder(512);
        out.append("  ")
                .append(intervals)
                .append(" intervals tagged ")
                .append(tag)
                .append('\n');
        out.append("  Thread Stats   Avg      Stdev     Max   +/- Stdev\n");
        WrkTextReport.latencyRow(out, latency);
        if (spectrum) {
            out.append(LatencySpectrum.block(latency, description()));
        }
        out.append("  ")
                .append(latency.getTotalCount())
                .append(" requests in ")
                .append(WrkUnits.formatMicros(spanNanos / 1e3))
                .append('\n');
        return out.toString();
    }

    private String description() {
        return switch (tag) {
            case IntervalLog.CORRECTED -> LatencySpectrum.RECORDED;
            case IntervalLog.UNCORRECTED -> LatencySpectrum.UNCORRECTED;
            default -> tag;
        };
    }
}
