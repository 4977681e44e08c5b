package dev.loadgen.cli;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.trace.ClientSpan;
import dev.loadgen.core.trace.SpanQueue;
import dev.loadgen.core.trace.Traceparent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Exports a client span for each traced request through OpenTelemetry's OTLP exporter (OTLP over HTTP, protobuf),
 * off the event loops: the workers hand their traced requests to {@link SpanQueue}s without waiting, and one daemon
 * thread of this class drains them every {@link #PERIOD_MILLIS} ms, in batches of at most {@link #BATCH} spans. A
 * slow or dead collector costs the workers nothing: its queues fill and further spans are dropped, and a batch whose
 * export fails is dropped too; both are counted.
 *
 * <p>Threading: created and closed by the command line's thread; the export on the class's own thread.
 */
final class OtlpSpans implements AutoCloseable {
    /** Spans a worker's queue holds while the exporter is behind. */
    static final int QUEUE_CAPACITY = 8192;

    static final int BATCH = 512;
    static final long PERIOD_MILLIS = 100;
    /** How long one export may take before its batch counts as dropped. */
    static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(2);
    /** How long the end of the run waits for the last spans to go out. */
    static final long FLUSH_MILLIS = 5000;

    /** OpenTelemetry's logger, held so that its level stays set (java.util.logging keeps loggers weakly). */
    private static final Logger SDK_LOGGER = Logger.getLogger("io.opentelemetry");

    private static final AttributeKey<Long> SEND_DELAY = AttributeKey.longKey("loadgen.send_delay_ns");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final SpanExporter exporter;
    private final List<SpanQueue> queues;
    private final ClientSpan shape;
    private final AttributeKey<Long> statusKey;
    private final Attributes common;
    private final Resource resource;
    private final InstrumentationScopeInfo scope;
    /** Epoch nanoseconds at the run clock's zero: a request's times on the run's clock plus this are wall-clock. */
    private final long epochOffsetNanos;

    private final Thread thread;
    private final AtomicLong exported = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;

    private OtlpSpans(
            SpanExporter exporter, List<SpanQueue> queues, ClientSpan shape, String version, long epochOffsetNanos) {
        this.exporter = exporter;
        this.queues = queues;
        this.shape = shape;
        this.statusKey = AttributeKey.longKey(shape.statusAttribute());
        AttributesBuilder attributes = Attributes.builder();
        for (Map.Entry<String, Object> entry : shape.attributes().entrySet()) {
            if (entry.getValue() instanceof Long number) {
                attributes.put(AttributeKey.longKey(entry.getKey()), number);
            } else {
                attributes.put(AttributeKey.stringKey(entry.getKey()), String.valueOf(entry.getValue()));
            }
        }
        this.common = attributes.build();
        this.resource = Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), "loadgen", AttributeKey.stringKey("service.version"), version));
        this.scope = InstrumentationScopeInfo.builder("dev.loadgen")
                .setVersion(version)
                .build();
        this.epochOffsetNanos = epochOffsetNanos;
        this.thread = new Thread(this::run, "loadgen-spans");
        thread.setDaemon(true);
    }

    /**
     * Starts exporting what {@code queues} receive to {@code endpoint}.
     *
     * @param nowNanos the run's clock now, to place its times on the wall clock
     */
    static OtlpSpans start(URI endpoint, List<SpanQueue> queues, ClientSpan shape, String version, long nowNanos) {
        // The exporter logs each failed export with a stack trace; loadgen counts them as dropped spans instead.
        SDK_LOGGER.setLevel(Level.OFF);
        SpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint.toString())
                .setTimeout(EXPORT_TIMEOUT)
                .setRetryPolicy(null)
                .build();
        long epochOffset = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - nowNanos;
        OtlpSpans spans = new OtlpSpans(exporter, queues, shape, version, epochOffset);
        spans.thread.start();
        return spans;
    }

    private void run() {
        while (!closing) {
            exportQueued(Long.MAX_VALUE, true);
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Exports batches until the queues are empty, {@code deadlineMillis} (wall clock) has passed, or, with
     * {@code untilClosing}, {@link #close} has begun (which exports the rest itself).
     */
    private void exportQueued(long deadlineMillis, boolean untilClosing) {
        List<SpanData> batch = new ArrayList<>(BATCH);
        SpanQueue.Consumer toSpan = (intended, write, end, status, statusIsError, failure, high, low, span) ->
                batch.add(span(intended, write, end, status, statusIsError, failure, high, low, span));
        boolean more = true;
        while (more && System.currentTimeMillis() < deadlineMillis && !(untilClosing && closing)) {
            more = false;
            for (SpanQueue queue : queues) {
                while (batch.size() < BATCH && queue.poll(toSpan)) {
                    more = true;
                }
            }
            if (batch.isEmpty()) {
                return;
            }
            CompletableResultCode result = exporter.export(batch);
            result.join(EXPORT_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
            (result.isSuccess() ? exported : failed).addAndGet(batch.size());
            batch.clear();
        }
    }

    private SpanData span(
            long intendedNanos,
            long writeNanos,
            long endNanos,
            int status,
            boolean statusIsError,
            ErrorKind failure,
            long traceIdHigh,
            long traceIdLow,
            long spanId) {
        AttributesBuilder attributes = common.toBuilder().put(SEND_DELAY, writeNanos - intendedNanos);
        if (failure == null) {
            attributes.put(statusKey, (long) status);
            if (statusIsError) {
                attributes.put(ERROR_TYPE, Integer.toString(status));
            }
        } else {
            attributes.put(ERROR_TYPE, failure.name().toLowerCase(Locale.ROOT));
        }
        SpanContext context = SpanContext.create(
                Traceparent.traceId(traceIdHigh, traceIdLow),
                Traceparent.spanId(spanId),
                TraceFlags.getSampled(),
                TraceState.getDefault());
        return new ClientSpanData(
                shape.name(),
                context,
                failure != null || statusIsError ? StatusData.error() : StatusData.unset(),
                epochOffsetNanos + writeNanos,
                epochOffsetNanos + endNanos,
                attributes.build(),
                resource,
                scope);
    }

    /** Spans exported so far. */
    long exported() {
        return exported.get();
    }

    /** Spans dropped so far: queues that were full, and batches the collector did not take. */
    long dropped() {
        long dropped = failed.get();
        for (SpanQueue queue : queues) {
            dropped += queue.dropped();
        }
        return dropped;
    }

    /**
     * Waits for the export under way, exports what is still queued for at most {@link #FLUSH_MILLIS}, then stops the
     * exporter; what could not go out counts as dropped. Calls after the first do nothing.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            // The thread sees the flag after its pause or after the export under way, bounded by its timeout.
            thread.join(PERIOD_MILLIS + EXPORT_TIMEOUT.toMillis() + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            exportQueued(System.currentTimeMillis() + FLUSH_MILLIS, false);
            long left = 0;
            SpanQueue.Consumer count = (intended, write, end, status, statusIsError, failure, high, low, span) -> {};
            for (SpanQueue queue : queues) {
                while (queue.poll(count)) {
                    left++;
                }
            }
            failed.addAndGet(left);
        }
        exporter.shutdown().join(1, TimeUnit.SECONDS);
    }

    /** One finished client span, as the exporter reads it. Immutable. */
    private record ClientSpanData(
            String getName,
            SpanContext getSpanContext,
            StatusData getStatus,
            long getStartEpochNanos,
            long getEndEpochNanos,
            Attributes getAttributes,
            Resource getResource,
            InstrumentationScopeInfo getInstrumentationScopeInfo)
            implements SpanData {
        @Override
        public SpanKind getKind() {
            return SpanKind.CLIENT;
        }

        @Override
        public SpanContext getParentSpanContext() {
            return SpanContext.getInvalid();
        }

        @Override
        public List<EventData> getEvents() {
            return List.of();
        }

        @Override
        public List<LinkData> getLinks() {
            return List.of();
        }

        @Override
        public boolean hasEnded() {
            return true;
        }

        @Override
        public int getTotalRecordedEvents() {
            return 0;
        }

        @Override
        public int getTotalRecordedLinks() {
            return 0;
        }

        @Override
        public int getTotalAttributeCount() {
            return getAttributes.size();
        }

        @Override
        @SuppressWarnings("deprecation") // the interface still declares it; exporters read the scope
        public io.opentelemetry.sdk.common.InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
            return io.opentelemetry.sdk.common.InstrumentationLibraryInfo.create(
                    getInstrumentationScopeInfo.getName(), getInstrumentationScopeInfo.getVersion());
        }
    }
}
