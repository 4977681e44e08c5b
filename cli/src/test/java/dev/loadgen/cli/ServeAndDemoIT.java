package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code loadgen demo} in process, and {@code loadgen serve} as a separate process that loadgen then loads. */
class ServeAndDemoIT {

    @Test
    void demoReportsWhatTheBuiltInTargetWrote() {
        CliRun run = CliRun.of("demo", "-d", "1s", "-c", "4");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Running 1s test @ http://127.0.0.1:").contains("Latency Distribution");
        Matcher reported = Pattern.compile("\\n  (\\d+) requests in ").matcher(run.out());
        Matcher written =
                Pattern.compile("The built-in target wrote (\\d+) responses\\.").matcher(run.out());
        assertThat(reported.find()).isTrue();
        assertThat(written.find()).isTrue();
        assertThat(Long.parseLong(reported.group(1))).isPositive().isEqualTo(Long.parseLong(written.group(1)));
    }

    @Test
    void h2cDemoMultiplexesOnTheBuiltInTarget() {
        CliRun run = CliRun.of("demo", "--h2c", "-d", "1s", "-c", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 threads and 2 connections x 8 streams (HTTP/2, h2c)");
        Matcher reported = Pattern.compile("\\n  (\\d+) requests in ").matcher(run.out());
        Matcher written =
                Pattern.compile("The built-in target wrote (\\d+) responses\\.").matcher(run.out());
        assertThat(reported.find()).isTrue();
        assertThat(written.find()).isTrue();
        assertThat(Long.parseLong(reported.group(1))).isPositive().isEqualTo(Long.parseLong(written.group(1)));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs ./loadgen, a bash script, and stops it with kill -INT")
    void serveListensOnLoopbackAndAnswersALoadRun() throws Exception {
        Path launcher = Path.of("..", "loadgen").toAbsolutePath().normalize();
        Process serve = new ProcessBuilder(launcher.toString(), "serve", "--port", "0").start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String banner = out.readLine();
            assertThat(banner).matches("loadgen serve: listening on http://127\\.0\\.0\\.1:\\d+/ \\(Ctrl-C to stop\\)");
            String url = banner.replaceAll(".* on (\\S+) .*", "$1");

            CliRun run = CliRun.of("-t", "1", "-c", "2", "-n", "25", url + "?status=503");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("  25 requests in ", "Non-2xx or 3xx responses: 25");
        } finally {
            new ProcessBuilder("kill", "-INT", Long.toString(serve.pid()))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void grpcDemoReportsWhatTheBuiltInGrpcTargetHandled() {
        CliRun run = CliRun.of("demo", "--grpc", "-d", "1s", "-c", "4");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Running 1s test @ grpc://127.0.0.1:", "Status code distribution:\n  [OK]\t");
        Matcher reported = Pattern.compile("\\n  (\\d+) requests in ").matcher(run.out());
        Matcher handled = Pattern.compile("The built-in gRPC target handled (\\d+) calls\\.")
                .matcher(run.out());
        assertThat(reported.find()).as(run.out()).isTrue();
        assertThat(handled.find()).as(run.out()).isTrue();
        assertThat(Long.parseLong(reported.group(1))).isPositive().isEqualTo(Long.parseLong(handled.group(1)));
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs ./loadgen, a bash script, and stops it with kill -INT")
    void serveWithGrpcPortZeroServesTheTargetWithReflectionAndMetadataControls(@TempDir Path dir) throws Exception {
        Path launcher = Path.of("..", "loadgen").toAbsolutePath().normalize();
        Process serve = new ProcessBuilder(launcher.toString(), "serve", "--port", "0", "--grpc-port", "0").start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("loadgen serve: listening on http://127.0.0.1:");
            String banner = out.readLine();
            assertThat(banner)
                    .matches("loadgen serve: gRPC on grpc://127\\.0\\.0\\.1:\\d+ \\(loadgen\\.target\\.Target/"
                            + "Unary, ClientStream, ServerStream, Bidi; reflection on\\)");
            String url = banner.replaceAll(".* on (\\S+) .*", "$1");
            String call = "loadgen.target.Target/Unary";

            CliRun ok = CliRun.of("--timeout", "10s", "-t", "1", "-c", "2", "-n", "40", "--call", call, url);
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("  40 requests in ", "Status code distribution:\n  [OK]\t40 responses\n");

            CliRun status = CliRun.of(
                    "--timeout",
                    "10s",
                    "-t",
                    "1",
                    "-c",
                    "2",
                    "-n",
                    "12",
                    "--call",
                    call,
                    "-m",
                    "{\"status\":\"RESOURCE_EXHAUSTED\"}",
                    url);
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out())
                    .contains(
                            "Non-OK responses: 12",
                            "[ResourceExhausted]\t12 responses",
                            "[12]\trpc error: code = ResourceExhausted desc = status requested by the client");

            Path json = dir.resolve("delay.json");
            CliRun delay = CliRun.of(
                    "--timeout",
                    "10s",
                    "-t",
                    "1",
                    "-c",
                    "1",
                    "-n",
                    "4",
                    "--json",
                    json.toString(),
                    "--call",
                    call,
                    "-m",
                    "{\"delay\":\"150ms\"}",
                    url);
            assertThat(delay.exitCode()).as(delay.err()).isZero();
            // the target holds every answer at least that long, so no call can be faster
            assertThat(new ObjectMapper()
                            .readTree(json.toFile())
                            .at("/latency/uncorrected/min_us")
                            .asDouble())
                    .isGreaterThanOrEqualTo(150_000);
        } finally {
            new ProcessBuilder("kill", "-INT", Long.toString(serve.pid()))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void servePortInUseCannotStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("serve", "--port", Integer.toString(taken.getLocalPort()));
            BadInputTest.assertOneLineError(run, ExitCode.CANNOT_START, Integer.toString(taken.getLocalPort()));
        }
    }
}
