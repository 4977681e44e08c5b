package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.Tracing;
import dev.loadgen.core.metrics.LatencyBuckets;
import dev.loadgen.core.metrics.MetricsAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options that let other tools watch a run while it lasts and follow its requests: the metrics and health
 * endpoint, trace context on requests and the slowest traced requests. Main thread.
 */
final class ObserveOptions {
    @Option(
            names = "--metrics-addr",
            paramLabel = "[HOST:]PORT",
            description = "Serve /metrics (Prometheus text format, or OpenMetrics when asked), /healthz and /readyz "
                    + "on this address while the run lasts. HOST defaults to 127.0.0.1; PORT 0 picks a free one.")
    String metricsAddress;

    @Option(
            names = "--metrics-linger",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Keep the metrics endpoint up this long after the run, so that the last scrape sees the "
                    + "final counts (Ctrl-C ends the wait). Default: 0.")
    Long metricsLingerNanos;

    @Option(
            names = "--metrics-buckets",
            paramLabel = "LIST",
            description = "Upper bounds of the latency histogram's buckets on /metrics, increasing: durations, a "
                    + "bare number in seconds (0.005,0.01,0.025 or 5ms,10ms,25ms). Default: "
                    + LatencyBuckets.DEFAULT
                    + ".")
    String metricsBuckets;

    @Option(
            names = "--trace-sample",
            paramLabel = "RATIO",
            description =
                    "Put a W3C traceparent (a header, or the protocol's metadata) on this share of the requests, 0 to 1:"
                            + " a new trace per request, sampled flag set. Default: 0 (none).")
    Double traceSample;

    @Option(
            names = "--slowest",
            paramLabel = "N",
            description = "With --trace-sample: how many of the slowest traced requests the report lists (with their "
                    + "trace IDs), per interval in the JSON and HTML results, and as exemplars on /metrics. Default: "
                    + DEFAULT_SLOWEST
                    + ".")
    Integer slowest;

    @Option(
            names = "--otlp-endpoint",
            paramLabel = "URL",
            description = "With --trace-sample: export a client span for each traced request to this OpenTelemetry "
                    + "collector, OTLP over HTTP (http:// or https://; /v1/traces when the URL has no path). A slow or "
                    + "dead collector never slows the run; spans it does not take are counted as dropped.")
    String otlpEndpoint;

    @Option(
            names = "--capture",
            paramLabel = "FILE=URL",
            description = "Once the measured window starts, fetch URL and save its body to FILE (a 2xx response "
                    + "only), e.g. a profile of the service under load: {seconds} in URL becomes the window's length "
                    + "(pprof=http://127.0.0.1:6060/debug/pprof/profile?seconds={seconds}). Repeatable; a failing "
                    + "capture is reported and never fails the run.")
    List<String> captures = new ArrayList<>();

    static final int DEFAULT_SLOWEST = 10;
    static final int MAX_SLOWEST = 1000;

    /**
     * Which requests are traced.
     *
     * @throws InputException for a ratio outside 0 to 1, or a bad --slowest
     */
    Tracing tracing() throws InputException {
        if (traceSample != null && !(traceSample >= 0 && traceSample <= 1)) {
            throw new InputException("--trace-sample must be between 0 and 1 (a share of the requests, e.g. 0.01)");
        }
        if (slowest != null && (slowest < 0 || slowest > MAX_SLOWEST)) {
            throw new InputException("--slowest must be between 0 and " + MAX_SLOWEST);
        }
        if (slowest != null && traceSample == null) {
            throw new InputException("--slowest needs --trace-sample: only traced requests are kept");
        }
        return traceSample == null
                ? Tracing.NONE
                : new Tracing(traceSample, slowest == null ? DEFAULT_SLOWEST : slowest);
    }

    /**
     * Where spans go, or null without {@code --otlp-endpoint}.
     *
     * @throws InputException for a URL that is not http or https, or without --trace-sample
     */
    URI otlpEndpoint() throws InputException {
        if (otlpEndpoint == null) {
            return null;
        }
        if (traceSample == null || traceSample == 0) {
            throw new InputException("--otlp-endpoint needs --trace-sample: spans are made for traced requests");
        }
        URI uri;
        try {
            uri = new URI(otlpEndpoint);
        } catch (URISyntaxException e) {
            throw new InputException("--otlp-endpoint '" + otlpEndpoint + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InputException("--otlp-endpoint '" + otlpEndpoint + "': unsupported scheme"
                    + (scheme.isEmpty() ? "" : " '" + scheme + "'") + " (OTLP over HTTP: http:// or https://)");
        }
        if (uri.getHost() == null) {
            throw new InputException("--otlp-endpoint '" + otlpEndpoint + "': no host");
        }
        if (uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/")) {
            uri = uri.resolve("/v1/traces");
        }
        return uri;
    }

    /**
     * The endpoint's settings, or null without {@code --metrics-addr}.
     *
     * @throws InputException for a bad address or bucket list, or a metrics option without --metrics-addr
     */
    MetricsSettings metrics() throws InputException {
        if (metricsAddress == null) {
            if (metricsLingerNanos != null) {
                throw new InputException("--metrics-linger needs --metrics-addr");
            }
            if (metricsBuckets != null) {
                throw new InputException("--metrics-buckets needs --metrics-addr");
            }
            return null;
        }
        MetricsAddress address = MetricsAddress.parse(metricsAddress);
        LatencyBuckets buckets =
                metricsBuckets == null ? LatencyBuckets.defaults() : LatencyBuckets.parse(metricsBuckets);
        return new MetricsSettings(address, buckets, metricsLingerNanos == null ? 0 : metricsLingerNanos);
    }

    /**
     * The metrics endpoint and the span export, checked.
     *
     * @throws InputException for any bad value
     */
    Settings settings() throws InputException {
        return new Settings(metrics(), otlpEndpoint(), List.copyOf(captures));
    }

    /**
     * What watches a run. Immutable.
     *
     * @param metrics      the metrics endpoint, or null for none
     * @param otlpEndpoint where spans go, or null for none
     * @param captures     the {@code --capture} specs, {@code FILE=URL} each
     */
    record Settings(MetricsSettings metrics, URI otlpEndpoint, List<String> captures) {}

    /**
     * The metrics endpoint of a run. Immutable.
     *
     * @param address     where it listens
     * @param buckets     the latency histogram's bounds
     * @param lingerNanos how long it stays up after the run
     */
    record MetricsSettings(MetricsAddress address, LatencyBuckets buckets, long lingerNanos) {}
}
