package dev.loadgen.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result of several workers of one run added up into the result of the whole run. Every figure is a count, a
 * sum or a histogram, so the sum is exact: counts and histograms add, the run's parameters add where they were
 * split (threads, connections, the request count, the backlog), the measured window is the longest, and the start
 * is the earliest. Interval histograms add by their position from the start, which the workers share when they
 * started at a common time. Pure functions: any thread.
 */
public final class ResultSum {
    private ResultSum() {}

    /**
     * The sum of {@code parts}, which must not be empty and must have been checked to belong together.
     *
     * @param distribution what the sum covers, carried into the result
     */
    public static RunResult of(List<RunResult> parts, Distribution distribution) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to add up");
        }
        RunResult first = parts.get(0);
        long requests = 0;
        long bytesRead = 0;
        long bytesWritten = 0;
        long warmupResponses = 0;
        long elapsedNanos = 0;
        long startEpochMillis = Long.MAX_VALUE;
        Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        Map<Integer, Long> statuses = Map.of();
        Histogram corrected = empty(first.latencyNanos());
        Histogram uncorrected = empty(first.uncorrectedLatencyNanos());
        Histogram rates = empty(first.requestsPerSecondPerThread());
        ProtocolStats protocolStats = ProtocolStats.NONE;
        double targetRate = 0;
        long lateSends = 0;
        long maxLateness = 0;
        long dropped = 0;
        List<StopReason> reasons = new ArrayList<>();
        StopReason requested = null;
        for (RunResult part : parts) {
            requests += part.requests();
            bytesRead += part.bytesRead();
            bytesWritten += part.bytesWritten();
            warmupResponses += part.warmupResponses();
            elapsedNanos = Math.max(elapsedNanos, part.elapsedNanos());
            startEpochMillis = Math.min(startEpochMillis, part.startEpochMillis());
            for (ErrorKind kind : ErrorKind.all()) {
                errors.merge(kind, part.errors(kind), Long::sum);
            }
            statuses = Figures.addCounts(statuses, part.statuses());
            corrected.add(part.latencyNanos());
            uncorrected.add(part.uncorrectedLatencyNanos());
            rates.add(part.requestsPerSecondPerThread());
            protocolStats = protocolStats.plus(part.protocolStats());
            targetRate += part.pacing().targetRatePerSecond();
            lateSends += part.pacing().lateSends();
            maxLateness = Math.max(maxLateness, part.pacing().maxLatenessNanos());
            dropped += part.pacing().dropped();
            reasons.add(part.stopReason());
            if (requested == null && part.stopReason().requested()) {
                requested = part.stopReason();
            }
        }
        List<IntervalHistograms> intervalHistograms = intervalHistograms(parts);
        return RunResult.builder(spec(parts, targetRate))
                .elapsedNanos(elapsedNanos)
                .requests(requests)
                .errors(errors)
                .statuses(statuses)
                .bytesRead(bytesRead)
                .bytesWritten(bytesWritten)
                .latencyNanos(corrected)
                .uncorrectedLatencyNanos(uncorrected)
                .requestsPerSecondPerThread(rates)
                .stopReason(LoadRun.stopReason(requested, reasons))
                .startEpochMillis(startEpochMillis)
                .warmupResponses(warmupResponses)
                .pacing(
                        first.pacing().openLoop()
                                ? new PacingStats(targetRate, lateSends, maxLateness, dropped)
                                : PacingStats.CLOSED_LOOP)
                .intervals(intervals(parts, intervalHistograms))
                .protocolStats(protocolStats)
                .intervalHistograms(intervalHistograms)
                .distribution(distribution)
                .build();
    }

    private static Histogram empty(Histogram like) {
        Histogram histogram = like.copy();
        histogram.reset();
        return histogram;
    }

    /** The first part's parameters with the split ones added up. */
    private static RunSpec spec(List<RunResult> parts, double targetRate) {
        RunSpec first = parts.get(0).spec();
        int threads = 0;
        int connections = 0;
        long requestCount = 0;
        long backlog = 0;
        for (RunResult part : parts) {
            RunSpec spec = part.spec();
            threads += spec.threads();
            connections += spec.connections();
            requestCount += spec.requestCount();
            if (spec.schedule() instanceof Schedule.OpenLoop open) {
                backlog += open.backlogCapacity();
            }
        }
        Schedule schedule = first.schedule() instanceof Schedule.OpenLoop
                ? new Schedule.OpenLoop(new ConstantRate(Math.max(1, Math.round(targetRate))), (int)
                        Math.min(Integer.MAX_VALUE, backlog))
                : Schedule.closedLoop();
        return new RunSpec(
                first.target(),
                threads,
                connections,
                first.durationNanos(),
                first.durationNanos() == 0 && requestCount == 0 ? first.requestCount() : requestCount,
                first.timeoutNanos(),
                schedule,
                first.inFlightPerConnection(),
                first.warmupNanos());
    }

    /** The parts' interval histograms added up by position: interval k of the sum is interval k of every part. */
    private static List<IntervalHistograms> intervalHistograms(List<RunResult> parts) {
        int count = 0;
        for (RunResult part : parts) {
            count = Math.max(count, part.intervalHistograms().size());
        }
        List<IntervalHistograms> sum = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            long start = Long.MAX_VALUE;
            long end = 0;
            Histogram corrected = null;
            Histogram uncorrected = null;
            for (RunResult part : parts) {
                if (k >= part.intervalHistograms().size()) {
                    continue;
                }
                IntervalHistograms interval = part.intervalHistograms().get(k);
                start = Math.min(start, interval.startOffsetNanos());
                end = Math.max(end, interval.startOffsetNanos() + interval.lengthNanos());
                corrected = corrected == null ? interval.corrected() : Figures.add(corrected, interval.corrected());
                uncorrected =
                        uncorrected == null ? interval.uncorrected() : Figures.add(uncorrected, interval.uncorrected());
            }
            sum.add(new IntervalHistograms(start, end - start, corrected, uncorrected));
        }
        return sum;
    }

    /**
     * The parts' interval summaries added up by position. Counts add; the latency figures come from the added
     * histograms where the parts kept them (the measured intervals, which come last), and are otherwise the
     * highest of the parts', an upper bound.
     */
    private static List<IntervalSummary> intervals(List<RunResult> parts, List<IntervalHistograms> histograms) {
        int count = 0;
        for (RunResult part : parts) {
            count = Math.max(count, part.intervals().size());
        }
        int firstMeasured = count - histograms.size();
        List<IntervalSummary> sum = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            long start = Long.MAX_VALUE;
            long end = 0;
            long requests = 0;
            long errors = 0;
            long p50 = 0;
            long p99 = 0;
            long max = 0;
            for (RunResult part : parts) {
                if (k >= part.intervals().size()) {
                    continue;
                }
                IntervalSummary interval = part.intervals().get(k);
                start = Math.min(start, interval.startOffsetNanos());
                end = Math.max(end, interval.startOffsetNanos() + interval.lengthNanos());
                requests += interval.requests();
                errors += interval.errors();
                p50 = Math.max(p50, interval.p50Nanos());
                p99 = Math.max(p99, interval.p99Nanos());
                max = Math.max(max, interval.maxNanos());
            }
            if (k >= firstMeasured && firstMeasured >= 0) {
                Histogram h = histograms.get(k - firstMeasured).corrected();
                boolean empty = h.getTotalCount() == 0;
                p50 = empty ? 0 : h.getValueAtPercentile(50);
                p99 = empty ? 0 : h.getValueAtPercentile(99);
                max = empty ? 0 : h.getMaxValue();
            }
            sum.add(new IntervalSummary(start, end - start, requests, errors, p50, p99, max));
        }
        return sum;
    }
}
