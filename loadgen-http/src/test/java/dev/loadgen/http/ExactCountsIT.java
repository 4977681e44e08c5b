package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.StopReason;
import dev.loadgen.http.serve.ServedCounts;
import dev.loadgen.http.serve.TargetServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the embedded Netty target: what loadgen reports equals, exactly, what the server says it answered,
 * for requests, status codes and response bytes.
 */
class ExactCountsIT {
    private TargetServer server;

    @BeforeEach
    void start() throws Exception {
        server = TargetServer.builder().port(0).threads(1).build();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Closes the server so its figures are final, then returns them. */
    private ServedCounts finalCounts() {
        server.close();
        return server.counts();
    }

    @Test
    void durationBoundedRunMatchesTheServerExactly() throws Exception {
        RunResult result = LoadRuns.run(
                LoadRuns.spec(server.uri() + "?size=512", "GET", List.of(), new byte[0], 2, 8, 2000, 0, 2000));

        ServedCounts served = finalCounts();
        assertThat(result.requests())
                .isPositive()
                .isEqualTo(served.responsesWritten())
                .isEqualTo(served.requestsReceived());
        assertThat(result.bytesRead()).isEqualTo(served.bytesWritten());
        assertThat(result.statuses()).isEqualTo(Map.of(200, served.responsesWritten()));
        assertThat(result.totalErrors()).isZero();
        assertThat(result.latencyNanos().getTotalCount()).isEqualTo(result.requests());
        assertThat(result.stopReason()).isEqualTo(StopReason.DURATION);
    }

    @Test
    void countBoundedRunSendsExactlyN() throws Exception {
        RunResult result = LoadRuns.run(LoadRuns.countBounded(server.uri() + "?status=404", 2, 5, 1001, 2000));

        ServedCounts served = finalCounts();
        assertThat(result.requests()).isEqualTo(1001).isEqualTo(served.responsesWritten());
        assertThat(served.responsesWithStatus(404)).isEqualTo(1001);
        assertThat(result.errors(ErrorKind.STATUS)).isEqualTo(1001);
        assertThat(result.bytesRead()).isEqualTo(served.bytesWritten());
        assertThat(result.stopReason()).isEqualTo(StopReason.COUNT);
    }

    /**
     * HTTP/2 with prior knowledge against the built-in target's h2c side. Bytes are not compared: the server's
     * count includes the frames of the preflight's connection (its SETTINGS), which the run does not count.
     */
    @Test
    void h2cDurationBoundedRunMatchesTheServerExactly() throws Exception {
        RunSpec spec = LoadRuns.withStreams(
                LoadRuns.spec(server.uri() + "?size=512", "GET", List.of(), new byte[0], 2, 4, 2000, 0, 2000), 8);
        RunResult result = LoadRuns.run(spec, "--h2c", "--streams", "8");

        ServedCounts served = finalCounts();
        assertThat(result.requests())
                .isPositive()
                .isEqualTo(served.responsesWritten())
                .isEqualTo(served.requestsReceived());
        assertThat(result.statuses()).isEqualTo(Map.of(200, served.responsesWritten()));
        assertThat(result.totalErrors()).isZero();
        assertThat(result.latencyNanos().getTotalCount()).isEqualTo(result.requests());
        assertThat(result.stopReason()).isEqualTo(StopReason.DURATION);
    }

    /** Delayed replies on HTTP/2 do not hold each other back, and a POST body is read and dropped per stream. */
    @Test
    void h2cCountBoundedRunWithDelaysAndBodiesSendsExactlyN() throws Exception {
        RunSpec spec = LoadRuns.withStreams(
                LoadRuns.spec(
                        server.uri() + "?status=404&delay=2ms", "POST", List.of(), new byte[300], 2, 4, 0, 1001, 2000),
                10);
        RunResult result = LoadRuns.run(spec, "--h2c", "--streams", "10");

        ServedCounts served = finalCounts();
        assertThat(result.requests())
                .isEqualTo(1001)
                .isEqualTo(served.responsesWritten())
                .isEqualTo(served.requestsReceived());
        assertThat(served.responsesWithStatus(404)).isEqualTo(1001);
        assertThat(result.errors(ErrorKind.STATUS)).isEqualTo(1001);
        assertThat(result.totalErrors()).isEqualTo(1001);
        assertThat(result.stopReason()).isEqualTo(StopReason.COUNT);
    }

    /** A HEAD response over HTTP/2 carries the GET's headers and no DATA, so its stream ends with its HEADERS. */
    @Test
    void h2cHeadRequestsGetNoContent() throws Exception {
        RunSpec spec = LoadRuns.withStreams(
                LoadRuns.spec(server.uri() + "?size=4096", "HEAD", List.of(), new byte[0], 1, 2, 0, 200, 2000), 4);
        RunResult result = LoadRuns.run(spec, "--h2c", "--streams", "4");

        ServedCounts served = finalCounts();
        assertThat(result.requests()).isEqualTo(200).isEqualTo(served.responsesWritten());
        assertThat(result.totalErrors()).isZero();
        assertThat(result.bytesRead()).isLessThan(200 * 4096);
    }

    @Test
    void countBoundedRunAgainstAPortNobodyListensOnAnyMoreEndsUnreachable() throws Exception {
        RunResult result;
        try (LoadRun run = LoadRuns.open(LoadRuns.countBounded(server.uri().toString(), 1, 2, 1000, 300))) {
            run.preflight();
            server.close();
            result = run.execute();
        }

        assertThat(result.stopReason()).isEqualTo(StopReason.UNREACHABLE);
        assertThat(result.interrupted()).isFalse();
        assertThat(result.requests()).isZero();
        assertThat(result.errors(ErrorKind.CONNECT)).isPositive();
    }

    @Test
    void postBodiesAreSentWithTheirLength() throws Exception {
        byte[] body = "a=1&b=2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        RunResult result =
                LoadRuns.run(LoadRuns.spec(server.uri().toString(), "POST", List.of(), body, 1, 3, 0, 300, 2000));

        ServedCounts served = finalCounts();
        assertThat(result.requests()).isEqualTo(300).isEqualTo(served.requestsReceived());
        assertThat(result.totalErrors()).isZero();
    }

    @Test
    void delayedResponsesAreMeasured() throws Exception {
        RunResult result = LoadRuns.run(LoadRuns.countBounded(server.uri() + "?delay=20ms", 1, 4, 40, 2000));

        assertThat(result.requests()).isEqualTo(40).isEqualTo(finalCounts().responsesWritten());
        assertThat(result.latencyNanos().getValueAtPercentile(50)).isGreaterThanOrEqualTo(20_000_000L);
    }
}
