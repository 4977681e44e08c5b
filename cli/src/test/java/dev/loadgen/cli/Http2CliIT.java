package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.http.serve.ServedCounts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 through the whole command line against the built-in target's h2c side: the header names the streams
 * and the protocol, the JSON result names the protocol, and a constant-rate run with a warm-up, gates and the
 * interval log works as it does over HTTP/1.1, and so does a staged run with the HTML report.
 */
class Http2CliIT {
    @RegisterExtension
    final BuiltInTarget target = new BuiltInTarget();

    private String url(String query) {
        return target.server().uri() + query;
    }

    @Test
    void h2cClosedLoopRunReportsStreamsAndProtocol(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("result.json");
        CliRun run = CliRun.of(
                "-t",
                "2",
                "-c",
                "4",
                "--streams",
                "10",
                "--h2c",
                "-n",
                "5000",
                "--json",
                json.toString(),
                url("?size=64"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("Running 5000 requests test @ " + url("?size=64") + "\n"
                        + "  2 threads and 4 connections x 10 streams (HTTP/2, h2c)\n");
        assertThat(run.out()).contains("5000 requests in");
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.path("http").path("protocol").asText()).isEqualTo("h2c");
        assertThat(result.path("http").path("streams_per_connection").asInt()).isEqualTo(10);
        assertThat(result.path("parameters").path("in_flight_per_connection").asInt())
                .isEqualTo(10);
        assertThat(result.path("requests").asLong()).isEqualTo(5000);
        target.server().close();
        ServedCounts served = target.server().counts();
        assertThat(served.responsesWritten()).isEqualTo(5000);
    }

    @Test
    void h2cConstantRateRunWithWarmupGatesAndIntervalLog(@TempDir Path dir) {
        Path hlog = dir.resolve("run.hlog");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "--streams",
                "4",
                "--h2c",
                "-R",
                "500",
                "-d",
                "2s",
                "--warmup",
                "500ms",
                "--hlog",
                hlog.toString(),
                "--assert",
                "p99<1s",
                "--assert",
                "errors==0",
                url(""));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("2 connections x 4 streams (HTTP/2, h2c)")
                .contains("Target rate: 500.00");
        assertThat(hlog).isNotEmptyFile();
    }

    @Test
    void h2cStagedRunWritesTheHtmlReport(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "--streams",
                "4",
                "--h2c",
                "--stages",
                "500ms:200,1s:400",
                "--html",
                html.toString(),
                url("?status=503"));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode page = HtmlPage.data(html);
        long requests = page.path("requests").asLong();
        assertThat(requests).isPositive();
        assertThat(page.path("status_codes").path("503").asLong()).isEqualTo(requests);
        target.server().close();
        assertThat(target.server().counts().responsesWritten()).isEqualTo(requests);
    }

    @Test
    void http11RunKeepsWrksHeaderAndSaysItsProtocolInJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("result.json");
        CliRun run = CliRun.of("-t", "1", "-c", "2", "-n", "100", "--json", json.toString(), url(""));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("Running 100 requests test @ " + url("") + "\n"
                        + "  1 threads and 2 connections\n  Thread Stats");
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.path("http").path("protocol").asText()).isEqualTo("http/1.1");
    }
}
