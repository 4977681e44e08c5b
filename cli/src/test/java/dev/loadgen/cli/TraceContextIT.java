package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.grpc.RecordingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trace-sample} as servers see it: nginx logs each request's {@code traceparent} header ({@code
 * $http_traceparent}) over HTTP/1.1 and over h2c, and a grpc-java server records each call's metadata. Every value
 * must have W3C's format with the sampled flag, each trace ID must be new, the share of traced requests must be
 * within binomial bounds, and the slowest traced requests the run reports must be among those the server saw.
 */
class TraceContextIT {
    private static final String FORMAT = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";

    @TempDir
    static Path dir;

    private static Process nginx;
    private static int http1Port;
    private static int h2cPort;

    @BeforeAll
    static void startNginx() throws Exception {
        Path binary = DebianPackages.require(Path.of("/usr/sbin/nginx"), "nginx", dir);
        http1Port = Scrape.freePort();
        h2cPort = Scrape.freePort();
        Files.createDirectories(dir.resolve("temp"));
        String location = "location / { default_type text/plain; return 200 \"traced\\n\"; }";
        String conf = String.join(
                "\n",
                "daemon off;",
                "master_process off;",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "  log_format traced '$server_port [$http_traceparent]';",
                "  access_log " + dir.resolve("access.log") + " traced;",
                "  client_body_temp_path " + dir.resolve("temp") + ";",
                "  proxy_temp_path " + dir.resolve("temp") + ";",
                "  fastcgi_temp_path " + dir.resolve("temp") + ";",
                "  uwsgi_temp_path " + dir.resolve("temp") + ";",
                "  scgi_temp_path " + dir.resolve("temp") + ";",
                "  keepalive_requests 1000000;",
                "  server { listen 127.0.0.1:" + http1Port + "; " + location + " }",
                "  server { listen 127.0.0.1:" + h2cPort + " http2; " + location + " }",
                "}",
                "");
        Files.writeString(dir.resolve("nginx.conf"), conf);
        nginx = new ProcessBuilder(
                        binary.toString(), "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!listening(http1Port) || !listening(h2cPort)) {
            assertThat(nginx.isAlive())
                    .as(Files.readString(dir.resolve("nginx.out")))
                    .isTrue();
            assertThat(System.nanoTime()).as("nginx did not start").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The traceparent values nginx logged for {@code port}, in order, "" for a request without one. */
    private static List<String> logged(int port, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> values = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("access.log"))) {
                if (line.startsWith(port + " [")) {
                    String value = line.substring(line.indexOf('[') + 1, line.length() - 1);
                    values.add(value.equals("-") ? "" : value);
                }
            }
            if (values.size() >= expected || System.nanoTime() > deadline) {
                return values;
            }
            Thread.sleep(50); // nginx writes its log as each request ends
        }
    }

    @Test
    void everyHttp1RequestCarriesANewTraceAtRatioOne(@TempDir Path out) throws Exception {
        Path json = out.resolve("r.json");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "4",
                "-n",
                "500",
                "--trace-sample",
                "1",
                "--slowest",
                "5",
                "--json",
                json.toString(),
                "http://127.0.0.1:" + http1Port + "/one");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> values = logged(http1Port, 500);
        assertThat(values).hasSize(500).allSatisfy(value -> assertThat(value).matches(FORMAT));
        assertThat(traceIds(values)).hasSize(500);
        assertSlowestWereSeen(run, json, values, 5);
    }

    /**
     * 4,000 requests at 0.25: the traced count is binomial with mean 1,000 and standard deviation 27.4; 6 deviations
     * either side (836 to 1,164) fail a correct sampler about once in 500 million runs.
     */
    @Test
    void aShareOfHttp1AndH2cRequestsIsTracedWithinBinomialBounds() throws Exception {
        for (String variant : List.of("http1", "h2c")) {
            int port = variant.equals("h2c") ? h2cPort : http1Port;
            int before = logged(port, 0).size();
            List<String> args = new ArrayList<>(List.of(
                    "-t",
                    "1",
                    "-c",
                    "8",
                    "-n",
                    "4000",
                    "--trace-sample",
                    "0.25",
                    "http://127.0.0.1:" + port + "/share"));
            if (variant.equals("h2c")) {
                args.add(0, "--h2c");
            }
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertThat(run.exitCode()).as(variant + ": " + run.err()).isZero();
            List<String> values = logged(port, before + 4000).subList(before, before + 4000);
            List<String> traced = values.stream().filter(v -> !v.isEmpty()).toList();
            assertThat(traced).as(variant).allSatisfy(value -> assertThat(value).matches(FORMAT));
            assertThat(traced.size()).as(variant).isBetween(836, 1164);
            assertThat(traceIds(traced)).as(variant).hasSize(traced.size());
        }
    }

    @Test
    void grpcCallsCarryTraceparentMetadata(@TempDir Path out) throws Exception {
        try (RecordingServer server = new RecordingServer(RecordingServer.Reflection.V1_AND_V1ALPHA).start()) {
            Path json = out.resolve("g.json");
            CliRun run = CliRun.of(
                    "--timeout",
                    "10s",
                    "-t",
                    "1",
                    "-c",
                    "4",
                    "-n",
                    "200",
                    "--trace-sample",
                    "1",
                    "--json",
                    json.toString(),
                    "--call",
                    "loadgen.target.Target/Unary",
                    "-D",
                    "{\"name\":\"x\"}",
                    server.uri().toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            List<String> values = server.calls().stream()
                    .map(call -> call.header("traceparent"))
                    .toList();
            assertThat(values)
                    .hasSize(200)
                    .allSatisfy(value -> assertThat(value).matches(FORMAT));
            assertThat(traceIds(values)).hasSize(200);
            assertSlowestWereSeen(run, json, values, 10);
        }
    }

    private static Set<String> traceIds(List<String> values) {
        Set<String> ids = new HashSet<>();
        for (String value : values) {
            ids.add(value.substring(3, 35));
        }
        return ids;
    }

    /** The run's slowest traced requests, in its JSON and text report, are requests the server saw. */
    private static void assertSlowestWereSeen(CliRun run, Path json, List<String> seen, int count) throws Exception {
        JsonNode slowest = new ObjectMapper().readTree(json.toFile()).get("slowest");
        assertThat(slowest).hasSize(count);
        long previous = Long.MAX_VALUE;
        for (JsonNode request : slowest) {
            String value = "00-" + request.get("trace_id").asText() + "-"
                    + request.get("span_id").asText() + "-01";
            assertThat(seen).contains(value);
            assertThat(run.out()).contains(request.get("trace_id").asText());
            long latency =
                    request.get("latency_us").decimalValue().movePointRight(3).longValue();
            assertThat(latency).isLessThanOrEqualTo(previous);
            previous = latency;
        }
        assertThat(run.out()).contains("Slowest traced requests");
    }
}
