package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadgen.core.report.HistogramLogSummary;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpcCliIT {
    private static final String PROTOS = "../loadgen-grpc/src/test/resources/protos/";
    private static GrpcTargetServer server;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        server = new GrpcTargetServer("127.0.0.1", 0);
        server.start();
        url = server.uri().toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unaryRunPrintsWrkLayoutWithStatusNamesAndMatchesTheServer() {
        long before = server.calls();
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "4",
                "-n",
                "300",
                "--call",
                "loadgen.target.Target/Unary",
                "-D",
                "{\"name\":\"{{.RequestNumber}}\"}",
                url);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "1 threads and 1 connections, 4 concurrent calls",
                        "300 requests in",
                        "Status code distribution:\n  [OK]\t300 responses");
        assertThat(server.calls() - before).isEqualTo(300);
    }

    @Test
    void oneCallWithoutThreadsGivenRunsOnOneThread() {
        long before = server.calls();
        CliRun run = CliRun.of("-c", "1", "-n", "7", "--call", "loadgen.target.Target/Unary", "-D", "{}", url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("1 threads and 1 connections, 1 concurrent calls", "7 requests in");
        assertThat(server.calls() - before).isEqualTo(7);
    }

    @Test
    void jsonAndIntervalLogOfAGrpcRun(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path hlog = dir.resolve("r.hlog");
        CliRun run = CliRun.of(
                "-c",
                "2",
                "-n",
                "120",
                "--format",
                "ghz",
                "--json",
                json.toString(),
                "--hlog",
                hlog.toString(),
                "--call",
                "loadgen.target.Target/Unary",
                "-D",
                "{\"name\":\"x\"}",
                url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(new ObjectMapper()
                        .readTree(json.toFile())
                        .at("/status_codes/0")
                        .asLong())
                .isEqualTo(120);
        try (InputStream in = Files.newInputStream(hlog)) {
            assertThat(HistogramLogSummary.read(in, "corrected").latency().getTotalCount())
                    .isEqualTo(120);
        }
    }

    @Test
    void jsonOfAStreamingRunCarriesMessagesAndStatusNamesAndMatchesTheSchema(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        CliRun run = CliRun.of(
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "40",
                "--json",
                json.toString(),
                "--call",
                "loadgen.target.Target/ServerStream",
                "-D",
                "{\"name\":\"x\",\"responses\":3}",
                url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(RunOutputsIT.schemaErrors(result)).isEmpty();
        JsonNode grpc = result.get("grpc");
        assertThat(grpc.get("method").asText()).isEqualTo("loadgen.target.Target/ServerStream");
        assertThat(grpc.get("call_type").asText()).isEqualTo("SERVER_STREAMING");
        assertThat(grpc.at("/status_names/OK").asLong()).isEqualTo(40);
        assertThat(grpc.at("/messages/sent").asLong()).isEqualTo(40);
        assertThat(grpc.at("/messages/received").asLong()).isEqualTo(120);
        assertThat(grpc.at("/message_latency/count").asLong()).isEqualTo(120);
        assertThat(grpc.get("error_messages")).isEmpty();
    }

    @Test
    void htmlReportOfAGrpcRunNamesItsStatusesAndLeavesMetadataOut(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("r.json");
        Path html = dir.resolve("r.html");
        CliRun run = CliRun.of(
                "-c",
                "2",
                "-n",
                "60",
                "--json",
                json.toString(),
                "--html",
                html.toString(),
                "--call",
                "loadgen.target.Target/Unary",
                "-D",
                "{\"name\":\"x\"}",
                "-m",
                "{\"status\":\"UNAVAILABLE\",\"authorization\":\"Bearer m3tadata-s3cret\"}",
                url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        var page = HtmlPage.data(html);
        var result = HtmlPage.json(json);
        assertThat(page.get("status_codes")).isEqualTo(result.get("status_codes"));
        assertThat(page.at("/status_codes/14").asLong()).isEqualTo(60);
        assertThat(page.at("/status_names/14").asText()).isEqualTo("Unavailable");
        assertThat(page.get("errors")).isEqualTo(result.get("errors"));
        assertThat(page.get("requests")).isEqualTo(result.get("requests"));
        assertThat(Files.readString(html))
                .contains("<tr><th>Unavailable (14)</th><td>60</td></tr>")
                .doesNotContain("m3tadata-s3cret");
    }

    @Test
    void ghzFormat() {
        CliRun run = CliRun.of(
                "-c",
                "2",
                "-n",
                "20",
                "--format",
                "ghz",
                "--call",
                "loadgen.target.Target.Unary",
                "-m",
                "{\"status\":\"NOT_FOUND\"}",
                url);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "Summary:\n  Count:\t20\n",
                        "Latency distribution:",
                        "[NotFound]\t20 responses",
                        "[20]\trpc error: code = NotFound desc = status requested by the client");
    }

    @Test
    void callsPastTheirDeadlineAreTimeoutsThatGatesSee() {
        CliRun run = CliRun.of(
                "-c",
                "2",
                "-n",
                "4",
                "--timeout",
                "100ms",
                "--call",
                "loadgen.target.Target/Unary",
                "-m",
                "{\"delay\":\"400ms\"}",
                "--assert",
                "timeouts==0",
                "--format",
                "ghz",
                url);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.ASSERTION_FAILED);
        assertThat(run.out())
                .contains(
                        "Summary:\n  Count:\t4\n",
                        "[DeadlineExceeded]\t4 responses",
                        "[4]\trpc error: code = DeadlineExceeded desc = context deadline exceeded")
                .doesNotContain("timeout error");
        assertThat(run.err()).contains("1 of 1 gates failed");
    }

    @Test
    void missingCall() {
        assertBad(2, "missing --call", "-n", "1", url);
    }

    @Test
    void unknownServiceListsTheServerServices() {
        assertBad(
                2,
                "service 'nope.Svc' not found on the server (it has: grpc.reflection.v1.ServerReflection",
                "-n",
                "1",
                "--call",
                "nope.Svc/X",
                url);
    }

    @Test
    void unknownMethodListsTheServiceMethods() {
        assertBad(
                2,
                "method 'Nope' not found in service loadgen.target.Target (it has: Bidi, ClientStream, "
                        + "ServerStream, Unary)",
                "-n",
                "1",
                "--call",
                "loadgen.target.Target/Nope",
                url);
    }

    @Test
    void protoSyntaxErrorNamesLineAndColumn() {
        CliRun run = CliRun.of("-n", "1", "--proto", PROTOS + "broken.proto", "--call", "broken.S/M", url);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("loadgen: ")
                .containsPattern("broken.proto:7:\\d+")
                .doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void missingImport() {
        CliRun run = CliRun.of("-n", "1", "--proto", PROTOS + "missing-import.proto", "--call", "m.S/M", url);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("does/not/exist.proto").doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void jsonThatDoesNotMatchNamesTheField() {
        assertBad(
                2,
                "Cannot find field: nmae in message greet.types.HelloRequest",
                "-n",
                "1",
                "--proto",
                PROTOS + "greeter.proto",
                "--import-paths",
                PROTOS,
                "--call",
                "loadgen.target.Target/Unary",
                "-D",
                "{\"nmae\":\"x\"}",
                url);
    }

    @Test
    void nothingListening() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertBad(1, "connection refused", "-n", "1", "--call", "a.B/C", "grpc://127.0.0.1:" + port);
    }

    @Test
    void grpcOptionsOnAnHttpUrl() {
        assertBad(2, "need a grpc:// or grpcs:// URL", "-n", "1", "--call", "a.B/C", "http://127.0.0.1:1/");
    }

    private static void assertBad(int code, String message, String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(code);
        assertThat(run.err()).startsWith("loadgen: ").contains(message).doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
    }
}
