package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus scrapes a running loadgen every 500 ms; once the run is over, Prometheus' HTTP API gives the
 * request counter and the latency histogram's count, which must equal the run's own figures exactly: the endpoint
 * lingers after the run, so the last scrape sees the final counts. Prometheus is installed by the test where it
 * runs as root (and by {@code .ci/run} on CI); elsewhere the test fails, saying so.
 */
class PrometheusScrapeIT {
    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    @TempDir
    Path dir;

    private Process prometheus;
    private int prometheusPort;

    @BeforeEach
    void startPrometheus() throws Exception {
        Path binary = DebianPackages.require(Path.of("/usr/bin/prometheus"), "prometheus", dir);
        prometheusPort = Scrape.freePort();
        int loadgenPort = Scrape.freePort();
        Files.writeString(
                dir.resolve("prometheus.yml"),
                String.join(
                        "\n",
                        "global:",
                        "  scrape_interval: 500ms",
                        "  scrape_timeout: 400ms",
                        "scrape_configs:",
                        "  - job_name: loadgen",
                        "    static_configs:",
                        "      - targets: ['127.0.0.1:" + loadgenPort + "']",
                        ""));
        Files.writeString(dir.resolve("loadgen.port"), Integer.toString(loadgenPort));
        prometheus = new ProcessBuilder(List.of(
                        binary.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + prometheusPort))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            assertThat(prometheus.isAlive())
                    .as("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")))
                    .isTrue();
            try {
                if (Scrape.get(api("/-/ready"), null).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // still starting
            }
            assertThat(System.nanoTime()).as("prometheus did not become ready").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
    }

    private String api(String path) {
        return "http://127.0.0.1:" + prometheusPort + path;
    }

    @Test
    @Timeout(180)
    void prometheusSeesTheRunsOwnFinalCounts() throws Exception {
        String port = Files.readString(dir.resolve("loadgen.port"));
        Path json = dir.resolve("result.json");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(
                "-t",
                "1",
                "-c",
                "4",
                "-d",
                "3s",
                "-R",
                "500",
                "--metrics-addr",
                port,
                "--metrics-linger",
                "3s",
                "--json",
                json.toString(),
                target.server().uri().toString()));
        CliRun done = run.get(120, TimeUnit.SECONDS);
        assertThat(done.exitCode()).as(done.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        long requests = result.get("requests").longValue();
        assertThat(requests).isPositive().isEqualTo(target.server().counts().responsesWritten());

        // The endpoint is gone now; its series end with a staleness marker, so read each one's highest value in
        // the last minutes: a counter's highest is its last.
        assertThat(query("sum(max_over_time(loadgen_requests_total[5m]))")).isEqualTo((double) requests);
        assertThat(query("max_over_time(loadgen_request_duration_seconds_count{latency=\"corrected\"}[5m])"))
                .isEqualTo((double) requests);
        assertThat(
                        query(
                                "max_over_time(loadgen_request_duration_seconds_bucket{latency=\"corrected\",le=\"+Inf\"}[5m])"))
                .isEqualTo((double) requests);
        // A gauge, the planned rate of one interval: 500 requests a second, give or take one request in an interval.
        assertThat(query("max_over_time(loadgen_target_rate_requests_per_second[5m])"))
                .isBetween(490.0, 510.0);
        assertThat(query("max_over_time(loadgen_dropped_sends_total[5m])"))
                .isEqualTo((double) result.at("/pacing/dropped").longValue());
    }

    /** The one value of an instant query. */
    private double query(String promql) throws Exception {
        HttpResponse<String> response =
                Scrape.get(api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode data = new ObjectMapper().readTree(response.body()).at("/data/result");
        assertThat(data.size()).as(promql + ": " + response.body()).isEqualTo(1);
        return Double.parseDouble(data.get(0).at("/value/1").asText());
    }
}
