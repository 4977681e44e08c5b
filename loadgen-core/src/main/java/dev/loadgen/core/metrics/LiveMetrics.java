package dev.loadgen.core.metrics;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.Interval;
import dev.loadgen.core.RunObserver;
import dev.loadgen.core.RunTotals;
import dev.loadgen.core.TracedRequest;
import dev.loadgen.core.gate.StatusNames;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The run's figures as Prometheus metrics, made from the reporter's interval data: {@link #onInterval} builds a
 * complete, immutable set of snapshots on the reporter thread once per interval and publishes it; a scrape
 * ({@link #collect}, on the metrics server's thread) only reads the latest set. Nothing here touches an event
 * loop, and a scrape never waits for the reporter nor the reporter for a scrape.
 *
 * <p>Counters are the measured window's (warm-up excluded), so at the run's last interval they equal the result's
 * figures exactly. Status label values are the protocol's status names. The corrected latency carries the slowest
 * traced requests of the last interval as exemplars (OpenMetrics only), so a dashboard links a bucket to a trace.
 */
public final class LiveMetrics implements RunObserver, MultiCollector {
    private final String protocol;
    private final StatusNames statusNames;
    private final LatencyBuckets buckets;
    private final boolean openLoop;
    private final Labels protocolLabels;
    /** The corrected latency's exemplars: the slowest traced requests of the last interval that had any. */
    private Exemplars exemplars = Exemplars.EMPTY;

    private volatile MetricSnapshots latest;

    /**
     * @param protocol    the protocol's name, the {@code protocol} label of every series
     * @param statusNames how the protocol names its statuses, for the {@code status} label
     * @param buckets     the latency histogram's bounds
     * @param openLoop    whether the run has a schedule (constant rate), whose target rate is then shown
     */
    public LiveMetrics(String protocol, StatusNames statusNames, LatencyBuckets buckets, boolean openLoop) {
        this.protocol = protocol;
        this.statusNames = statusNames;
        this.buckets = buckets;
        this.openLoop = openLoop;
        this.protocolLabels = Labels.of("protocol", protocol);
        this.latest = snapshots(null, 0);
    }

    /** Reporter thread: publishes the run's figures as of the end of {@code interval}. */
    @Override
    public void onInterval(Interval interval) {
        if (interval.totals() == null) {
            return;
        }
        double achieved = interval.lengthNanos() > 0 ? interval.requests() * 1e9 / interval.lengthNanos() : 0;
        if (!interval.slowest().isEmpty()) {
            exemplars = exemplars(interval);
        }
        latest = snapshots(interval.totals(), achieved);
    }

    /**
     * The interval's slowest traced requests as exemplars of the corrected latency, each with its trace and span
     * ID and the wall-clock time it completed (the interval ends now).
     */
    private static Exemplars exemplars(Interval interval) {
        long nowMillis = System.currentTimeMillis();
        long endOffsetNanos = interval.startOffsetNanos() + interval.lengthNanos();
        List<Exemplar> list = new ArrayList<>(interval.slowest().size());
        for (TracedRequest request : interval.slowest()) {
            list.add(Exemplar.builder()
                    .value(request.latencyNanos() / 1e9)
                    .traceId(request.traceId())
                    .spanId(request.spanId())
                    .timestampMillis(nowMillis - (endOffsetNanos - request.endOffsetNanos()) / 1_000_000)
                    .build());
        }
        return Exemplars.of(list);
    }

    /** Metrics server's thread: the set published last. */
    @Override
    public MetricSnapshots collect() {
        return latest;
    }

    /** The metrics' names, for the registry to check that no two collectors share one. */
    @Override
    public List<String> getPrometheusNames() {
        List<String> names = new ArrayList<>();
        for (MetricSnapshot snapshot : latest) {
            names.add(snapshot.getMetadata().getPrometheusName());
        }
        return names;
    }

    /** The full set for {@code totals}; zeros for null (before the first interval). */
    private MetricSnapshots snapshots(RunTotals totals, double achievedRatePerSecond) {
        List<MetricSnapshot> metrics = new ArrayList<>();
        List<CounterDataPointSnapshot> byStatus = new ArrayList<>();
        if (totals != null) {
            for (Map.Entry<Integer, Long> status : totals.counts().statuses().entrySet()) {
                byStatus.add(counter(
                        status.getValue(),
                        Labels.of("protocol", protocol, "status", statusNames.name(status.getKey()))));
            }
        }
        metrics.add(new CounterSnapshot(
                new MetricMetadata(
                        "loadgen_requests", "Complete responses, by the protocol's status name (warm-up excluded)."),
                byStatus));
        List<CounterDataPointSnapshot> byKind = new ArrayList<>();
        for (ErrorKind kind : ErrorKind.values()) {
            long count = totals == null ? 0 : totals.counts().errors().getOrDefault(kind, 0L);
            byKind.add(counter(
                    count, Labels.of("protocol", protocol, "kind", kind.name().toLowerCase(Locale.ROOT))));
        }
        metrics.add(new CounterSnapshot(
                new MetricMetadata(
                        "loadgen_errors",
                        "Failed requests and connections, by kind: connect, read, write, timeout, status, protocol."),
                byKind));
        metrics.add(counter(
                "loadgen_received_bytes",
                "Bytes read from the target.",
                Unit.BYTES,
                totals == null ? 0 : totals.bytesRead()));
        metrics.add(counter(
                "loadgen_sent_bytes",
                "Bytes written to the target.",
                Unit.BYTES,
                totals == null ? 0 : totals.bytesWritten()));
        metrics.add(counter(
                "loadgen_late_sends",
                "Requests written after their intended time (constant rate).",
                null,
                totals == null ? 0 : totals.lateSends()));
        metrics.add(counter(
                "loadgen_dropped_sends",
                "Requests the schedule asked for that were never sent (constant rate, backlog full).",
                null,
                totals == null ? 0 : totals.counts().dropped()));
        metrics.add(gauge(
                "loadgen_in_flight_requests",
                "Requests sent and not yet complete.",
                totals == null ? 0 : (double) totals.inFlight()));
        metrics.add(gauge(
                "loadgen_open_connections",
                "Connections open to the target.",
                totals == null ? 0 : (double) totals.openConnections()));
        metrics.add(gauge(
                "loadgen_achieved_rate_requests_per_second",
                "Complete responses per second over the last interval.",
                achievedRatePerSecond));
        if (openLoop) {
            metrics.add(gauge(
                    "loadgen_target_rate_requests_per_second",
                    "Requests per second the schedule planned over the last interval.",
                    totals == null || Double.isNaN(totals.targetRatePerSecond()) ? 0 : totals.targetRatePerSecond()));
        }
        List<HistogramDataPointSnapshot> latency = new ArrayList<>(2);
        latency.add(latencyPoint(totals == null ? null : totals.corrected(), "corrected"));
        latency.add(latencyPoint(totals == null ? null : totals.uncorrected(), "uncorrected"));
        metrics.add(new HistogramSnapshot(
                new MetricMetadata(
                        "loadgen_request_duration_seconds",
                        "Latency of complete responses: corrected from the intended send time, uncorrected from the "
                                + "actual write (the same in closed loop).",
                        Unit.SECONDS),
                latency));
        return new MetricSnapshots(metrics);
    }

    private HistogramDataPointSnapshot latencyPoint(Histogram histogram, String latency) {
        double[] bounds = buckets.upperBoundsSeconds();
        long[] counts = histogram == null ? new long[bounds.length] : buckets.counts(histogram);
        double sumSeconds = histogram == null || histogram.getTotalCount() == 0
                ? 0
                : histogram.getMean() * histogram.getTotalCount() / 1e9;
        Exemplars forBuckets = "corrected".equals(latency) ? exemplars : Exemplars.EMPTY;
        return new HistogramDataPointSnapshot(
                ClassicHistogramBuckets.of(bounds, counts),
                sumSeconds,
                Labels.of("protocol", protocol, "latency", latency),
                forBuckets,
                0L);
    }

    private static CounterDataPointSnapshot counter(long value, Labels labels) {
        return new CounterDataPointSnapshot(value, labels, null, 0L);
    }

    private MetricSnapshot counter(String name, String help, Unit unit, long value) {
        return new CounterSnapshot(
                new MetricMetadata(name, help, unit),
                List.of(new CounterDataPointSnapshot(value, protocolLabels, null, 0L)));
    }

    private MetricSnapshot gauge(String name, String help, double value) {
        return new GaugeSnapshot(
                new MetricMetadata(name, help), List.of(new GaugeDataPointSnapshot(value, protocolLabels, null)));
    }
}
