package dev.loadgen.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.loadgen.http.serve.TargetServer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line end to end, in process, against WireMock over HTTP and HTTPS on 127.0.0.1. */
class LoadCommandIT {
    private WireMockServer wireMock;

    @BeforeEach
    void start() {
        wireMock = new WireMockServer(
                options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort());
        wireMock.start();
        wireMock.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("hello")));
        wireMock.stubFor(get("/down").willReturn(aResponse().withStatus(503).withBody("busy")));
    }

    @AfterEach
    void stop() {
        wireMock.stop();
    }

    private String http(String path) {
        return "http://127.0.0.1:" + wireMock.port() + path;
    }

    private String https(String path) {
        return "https://127.0.0.1:" + wireMock.httpsPort() + path;
    }

    @Test
    void oneConnectionWithoutThreadsGivenRunsOnOneThread() {
        CliRun run = CliRun.of("-c", "1", "-n", "5", http("/ok"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  1 threads and 1 connections\n", "  5 requests in ");
        assertThat(wireMock.getAllServeEvents()).hasSize(5);
    }

    @Test
    @Timeout(60)
    void countBoundedRunEndsWhenTheTargetGoesAway() throws Exception {
        TargetServer server = TargetServer.builder().port(0).threads(1).build();
        server.start();
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "100M",
                "--timeout",
                "500ms",
                server.uri().toString()));
        while (server.counts().responsesWritten() < 200) {
            Thread.sleep(10);
        }
        server.close();
        long served = server.counts().responsesWritten();

        CliRun result = run.get();
        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("stopped before 100000000 requests: no connection to the target");
        assertThat(result.out()).containsPattern("Socket errors: connect [1-9]");
        assertThat(Long.parseLong(result.out().replaceAll("(?s).*?\\s(\\d+) requests in .*", "$1")))
                .isBetween(served - 2, served);
    }

    @Test
    void countBoundedRunPrintsWrkLayoutWithExactCount() {
        CliRun run = CliRun.of("-t", "2", "-c", "4", "-n", "100", "--latency", http("/ok"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(wireMock.getAllServeEvents()).hasSize(100);
        assertThat(run.out())
                .matches("(?s)Running 100 requests test @ http://127\\.0\\.0\\.1:\\d+/ok\\n"
                        + "  2 threads and 4 connections\\n"
                        + "  Thread Stats   Avg      Stdev     Max   \\+/- Stdev\\n"
                        + "    Latency .*\\n"
                        + "    Req/Sec .*\\n"
                        + "  Latency Distribution\\n"
                        + "     50% .*\\n     75% .*\\n     90% .*\\n     99% .*\\n"
                        + "  100 requests in \\d+\\.\\d\\d(ms|s), \\d+\\.\\d\\d[KM]?B read\\n"
                        + "  Transport: (epoll|io_uring|kqueue|nio); JIT compiler busy \\d+\\.\\d\\d(us|ms|s), "
                        + "GC \\d+\\.\\d\\d(us|ms|s) \\(\\d+ collections\\), CPU \\d+\\.\\d\\d(us|ms|s), "
                        + "of the measured \\d+\\.\\d\\d(ms|s)\\n"
                        + "Requests/sec: +\\d+\\.\\d\\d\\n"
                        + "Transfer/sec: +\\d+\\.\\d\\d[KM]?B\\n");
    }

    @Test
    void constantRateWithUncorrectedPrintsBothWrk2Spectra() {
        CliRun run = CliRun.of("-t", "1", "-c", "2", "-d", "1s", "-R", "200", "-U", http("/ok"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "  Latency Distribution (HdrHistogram - Recorded Latency)\n",
                        "\n  Latency Distribution (HdrHistogram - Uncorrected Latency (measured without taking delayed "
                                + "starts into account))\n",
                        "100.000% ",
                        "  Detailed Percentile spectrum:\n",
                        "#[Buckets = ",
                        "----------------------------------------------------------\n");
        assertThat(run.out().split("Detailed Percentile spectrum", -1)).hasSize(3);
    }

    @Test
    void errorStatusesAreCountedAndTheRunStillSucceeds() {
        CliRun run = CliRun.of("-t", "1", "-c", "2", "-n", "30", http("/down"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("  30 requests in ", "  Non-2xx or 3xx responses: 30\n");
        assertThat(run.out()).doesNotContain("Socket errors");
    }

    @Test
    void durationBoundedRunCountsWhatTheServerAnswered() {
        CliRun run = CliRun.of("-t", "1", "-c", "2", "-d", "1s", http("/ok"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Running 1s test @ ");
        long reported = Long.parseLong(run.out().replaceAll("(?s).*\\n  (\\d+) requests in .*", "$1"));
        assertThat(reported).isPositive().isEqualTo(wireMock.getAllServeEvents().size());
    }

    @Test
    void secretsInHeadersNeverReachTheReport() {
        CliRun run = CliRun.of("-n", "4", "-c", "2", "-H", "Authorization: Bearer s3cr3t-token", http("/ok"));

        assertThat(run.exitCode()).isZero();
        assertThat(wireMock.getAllServeEvents().get(0).getRequest().getHeader("Authorization"))
                .isEqualTo("Bearer s3cr3t-token");
        assertThat(run.out() + run.err()).doesNotContain("s3cr3t");
    }

    @Test
    void selfSignedCertificateIsRejectedUnlessInsecure() {
        CliRun verified = CliRun.of("-n", "4", "-c", "2", https("/ok"));
        BadInputTest.assertOneLineError(verified, ExitCode.CANNOT_START, "TLS handshake failed");

        CliRun insecure = CliRun.of("-n", "4", "-c", "2", "-k", https("/ok"));
        assertThat(insecure.exitCode()).as(insecure.err()).isZero();
        assertThat(insecure.out()).contains("  4 requests in ");
        assertThat(wireMock.getAllServeEvents()).hasSize(4);
    }

    @Test
    void tlsToAPlainHttpPortCannotStart() {
        CliRun run = CliRun.of("-n", "4", "-c", "2", "--timeout", "1s", "https://127.0.0.1:" + wireMock.port() + "/ok");
        BadInputTest.assertOneLineError(run, ExitCode.CANNOT_START, "cannot connect to 127.0.0.1:" + wireMock.port());
    }
}
