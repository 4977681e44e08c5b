package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics-addr} end to end: a real HTTP client probes {@code /healthz} and {@code /readyz} while a run
 * lasts and while its endpoint lingers, scrapes {@code /metrics} in both formats, and finds the final counts equal
 * to the run's JSON result and to what the built-in target served.
 */
class MetricsEndpointIT {
    private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void healthAndMetricsDuringAndAfterARunWithTheFinalCountsExact() throws Exception {
        int port = Scrape.freePort();
        String base = "http://127.0.0.1:" + port;
        Path json = dir.resolve("result.json");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(
                "-t",
                "1",
                "-c",
                "4",
                "-d",
                "3s",
                "--metrics-addr",
                Integer.toString(port),
                "--metrics-linger",
                "8s",
                "--metrics-buckets",
                "1ms,10ms,100ms",
                "--json",
                json.toString(),
                target.server().uri() + "?size=100"));

        HttpResponse<String> ready = awaitStatus(base + "/readyz", 200, run);
        assertThat(ready.body()).isEqualTo("ok\n");
        HttpResponse<String> live = Scrape.get(base + "/healthz", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("ok\n");

        // The figures are the reporter's, published at the end of each interval (1 s): the first has counts.
        HttpResponse<String> text = Scrape.get(base + "/metrics", null);
        while (Scrape.value(text.body(), "loadgen_requests_total", "protocol", "http", "status", "200") <= 0) {
            assertThat(run).as("the run ended before a scrape saw a response").isNotDone();
            Thread.sleep(50);
            text = Scrape.get(base + "/metrics", null);
        }
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(text.body())
                .contains("# TYPE loadgen_requests_total counter")
                .contains("# TYPE loadgen_request_duration_seconds histogram")
                .contains("loadgen_in_flight_requests{protocol=\"http\"}")
                .contains("loadgen_open_connections{protocol=\"http\"}")
                .doesNotContain("loadgen_target_rate");
        assertThat(Scrape.value(text.body(), "loadgen_errors_total", "kind", "timeout", "protocol", "http"))
                .isZero();
        HttpResponse<String> open = Scrape.get(base + "/metrics", OPENMETRICS);
        assertThat(open.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(open.body())
                .contains("# UNIT loadgen_request_duration_seconds seconds")
                .endsWith("# EOF\n");
        assertThat(Scrape.get(base + "/nothing", null).statusCode()).isEqualTo(404);

        // The JSON result is in place before the endpoint starts to linger.
        while (!Files.exists(json)) {
            assertThat(run).isNotDone();
            Thread.sleep(20);
        }
        HttpResponse<String> finished = awaitStatus(base + "/readyz", 503, run);
        assertThat(finished.body()).isEqualTo("the run has finished\n");
        assertThat(Scrape.get(base + "/healthz", null).statusCode()).isEqualTo(200);

        JsonNode result = new ObjectMapper().readTree(json.toFile());
        long requests = result.get("requests").longValue();
        assertThat(requests).isPositive().isEqualTo(target.server().counts().responsesWritten());
        String last = Scrape.get(base + "/metrics", null).body();
        assertThat(Scrape.value(last, "loadgen_requests_total", "protocol", "http", "status", "200"))
                .isEqualTo((double) requests);
        assertThat(Scrape.value(
                        last, "loadgen_request_duration_seconds_count", "latency", "corrected", "protocol", "http"))
                .isEqualTo((double) requests);
        assertThat(Scrape.value(
                        last,
                        "loadgen_request_duration_seconds_bucket",
                        "latency",
                        "corrected",
                        "le",
                        "+Inf",
                        "protocol",
                        "http"))
                .isEqualTo((double) requests);
        double fastest = Scrape.value(
                last,
                "loadgen_request_duration_seconds_bucket",
                "latency",
                "uncorrected",
                "le",
                "0.001",
                "protocol",
                "http");
        double slower = Scrape.value(
                last,
                "loadgen_request_duration_seconds_bucket",
                "latency",
                "uncorrected",
                "le",
                "0.1",
                "protocol",
                "http");
        assertThat(fastest).isBetween(0.0, slower);
        assertThat(Scrape.value(last, "loadgen_received_bytes_total", "protocol", "http"))
                .isEqualTo((double) result.at("/bytes/read").longValue());
        assertThat(Scrape.value(last, "loadgen_sent_bytes_total", "protocol", "http"))
                .isEqualTo((double) result.at("/bytes/written").longValue());
        assertThat(Scrape.value(last, "loadgen_errors_total", "kind", "read", "protocol", "http"))
                .isZero();
        assertThat(Scrape.value(last, "loadgen_in_flight_requests", "protocol", "http"))
                .isZero();

        CliRun done = run.get(60, TimeUnit.SECONDS);
        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(done.err()).contains("Metrics on http://127.0.0.1:" + port + "/metrics");
        assertThatThrownBy(() -> Scrape.get(base + "/healthz", null)).isInstanceOf(ConnectException.class);
    }

    /**
     * With every request traced, the corrected latency's buckets carry the slowest traced requests as OpenMetrics
     * exemplars, with trace IDs the run's JSON result lists among each interval's slowest.
     */
    @Test
    @Timeout(120)
    void theSlowestTracedRequestsAreExemplars() throws Exception {
        int port = Scrape.freePort();
        String base = "http://127.0.0.1:" + port;
        Path json = dir.resolve("traced.json");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-d",
                "2s",
                "--trace-sample",
                "1",
                "--slowest",
                "3",
                "--metrics-addr",
                Integer.toString(port),
                "--metrics-linger",
                "8s",
                "--json",
                json.toString(),
                target.server().uri().toString()));
        while (!Files.exists(json)) {
            assertThat(run).isNotDone();
            Thread.sleep(20);
        }
        String open = Scrape.get(base + "/metrics", OPENMETRICS).body();
        java.util.regex.Matcher exemplar = java.util.regex.Pattern.compile(
                        "(?m)^loadgen_request_duration_seconds_bucket\\{[^}]*latency=\"corrected\"[^}]*\\} \\d+ "
                                + "# \\{[^}]*trace_id=\"([0-9a-f]{32})\"[^}]*\\} ")
                .matcher(open);
        assertThat(exemplar.find()).as(open).isTrue();
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        java.util.Set<String> slowestIds = new java.util.HashSet<>();
        for (JsonNode interval : result.get("intervals")) {
            for (JsonNode request : interval.path("slowest")) {
                slowestIds.add(request.get("trace_id").asText());
            }
        }
        assertThat(slowestIds).contains(exemplar.group(1));
        assertThat(Scrape.get(base + "/metrics", null).body()).doesNotContain("trace_id");
        CliRun done = run.get(60, TimeUnit.SECONDS);
        assertThat(done.exitCode()).as(done.err()).isZero();
    }

    /** Polls {@code url} until it answers {@code status}; fails if the run ends first. */
    private static HttpResponse<String> awaitStatus(String url, int status, CompletableFuture<CliRun> run)
            throws Exception {
        while (true) {
            assertThat(run)
                    .as("the run ended before " + url + " answered " + status)
                    .isNotDone();
            try {
                HttpResponse<String> response = Scrape.get(url, null);
                if (response.statusCode() == status) {
                    return response;
                }
            } catch (ConnectException notYet) {
                // The endpoint starts once the run's workers exist.
            }
            Thread.sleep(20);
        }
    }
}
