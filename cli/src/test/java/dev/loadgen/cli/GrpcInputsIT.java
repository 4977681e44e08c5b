package dev.loadgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.loadgen.grpc.RecordingServer;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where request data and metadata come from on the command line, checked against what the server received. */
class GrpcInputsIT {
    private static final String CALL = "loadgen.target.Target/Unary";
    private RecordingServer server;
    private String url;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer(RecordingServer.Reflection.V1_AND_V1ALPHA).start();
        url = server.uri().toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void assertRan(CliRun run, int calls) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("  " + calls + " requests in ", "[OK]\t" + calls + " responses");
    }

    @Test
    void dataFromAFile(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("data.json"), "{\"name\":\"from a file\"}\n");
        CliRun run =
                CliRun.of("--timeout", "10s", "-t", "1", "-c", "2", "-n", "30", "--call", CALL, "-D", "@" + data, url);

        assertRan(run, 30);
        assertThat(server.calls())
                .hasSize(30)
                .allSatisfy(call -> assertThat(call.names()).containsExactly("from a file"));
    }

    @Test
    void dataFromStandardInput() {
        InputStream stdin = System.in;
        CliRun run;
        try {
            System.setIn(new ByteArrayInputStream("{\"name\":\"from stdin\"}".getBytes(StandardCharsets.UTF_8)));
            run = CliRun.of("--timeout", "10s", "-t", "1", "-c", "2", "-n", "30", "--call", CALL, "-D", "@-", url);
        } finally {
            System.setIn(stdin);
        }

        assertRan(run, 30);
        assertThat(server.calls())
                .hasSize(30)
                .allSatisfy(call -> assertThat(call.names()).containsExactly("from stdin"));
    }

    @Test
    void binaryFileIsTheSerializedMessage(@TempDir Path dir) throws Exception {
        Descriptor request = GrpcTargetServer.file().findMessageTypeByName("Request");
        byte[] message = DynamicMessage.newBuilder(request)
                .setField(request.findFieldByName("name"), "binary")
                .setField(request.findFieldByName("size"), 3)
                .build()
                .toByteArray();
        Path file = Files.write(dir.resolve("request.bin"), message);
        CliRun run = CliRun.of(
                "--timeout",
                "10s",
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "30",
                "--call",
                CALL,
                "--binary-file",
                file.toString(),
                url);

        assertRan(run, 30);
        assertThat(server.calls()).hasSize(30).allSatisfy(call -> {
            assertThat(call.messages()).hasSize(1);
            assertThat(call.messages().get(0).toByteArray()).isEqualTo(message);
        });
    }

    @Test
    void metadataArrivesOnEveryCall() {
        CliRun run = CliRun.of(
                "--timeout",
                "10s",
                "-t",
                "2",
                "-c",
                "4",
                "-n",
                "60",
                "--call",
                CALL,
                "-m",
                "{\"x-tenant\":\"acme\",\"x-request\":\"{{.RequestNumber}}\"}",
                url);

        assertRan(run, 60);
        Set<String> numbers = new HashSet<>();
        assertThat(server.calls()).hasSize(60).allSatisfy(call -> {
            assertThat(call.header("x-tenant")).isEqualTo("acme");
            numbers.add(call.header("x-request"));
        });
        assertThat(numbers).hasSize(60);
    }

    @Test
    void metadataFromAFileWithTemplates(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("metadata.json"), "{\"x-from-file\":\"yes\",\"x-number\":\"{{.RequestNumber}}\"}");
        CliRun run = CliRun.of(
                "--timeout",
                "10s",
                "-t",
                "1",
                "-c",
                "3",
                "-n",
                "45",
                "--call",
                CALL,
                "--metadata-file",
                file.toString(),
                url);

        assertRan(run, 45);
        Set<Long> numbers = new HashSet<>();
        assertThat(server.calls()).hasSize(45).allSatisfy(call -> {
            assertThat(call.header("x-from-file")).isEqualTo("yes");
            numbers.add(Long.parseLong(call.header("x-number")));
        });
        assertThat(numbers).hasSize(45).allSatisfy(number -> assertThat(number).isBetween(1L, 45L));
    }

    @Test
    void reflectMetadataReachesTheServerAndNoReport(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("result.json");
        CliRun run = CliRun.of(
                "--timeout",
                "10s",
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "20",
                "--call",
                CALL,
                "--latency",
                "--json",
                json.toString(),
                "--reflect-metadata",
                "{\"authorization\":\"Bearer x-secret-token\"}",
                url);

        assertRan(run, 20);
        assertThat(server.reflectionCalls())
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call.header("authorization")).isEqualTo("Bearer x-secret-token"));
        assertThat(run.out() + run.err()).doesNotContain("x-secret-token");
        assertThat(Files.readString(json)).doesNotContain("x-secret-token");
        assertThat(new ObjectMapper()
                        .readTree(json.toFile())
                        .at("/status_codes/0")
                        .asLong())
                .isEqualTo(20);
    }

    @Test
    void streamOptionsOnTheCommandLine() {
        CliRun run = CliRun.of(
                "--timeout",
                "10s",
                "-t",
                "1",
                "-c",
                "2",
                "-n",
                "10",
                "--call",
                "loadgen.target.Target/Bidi",
                "-D",
                "[{\"name\":\"a\"},{\"name\":\"b\"}]",
                "--stream-interval",
                "1ms",
                "--stream-call-count",
                "5",
                "--stream-call-duration",
                "1m",
                url);

        assertRan(run, 10);
        assertThat(run.out())
                .containsPattern("Messages/sec: sent \\d+\\.\\d\\d, received \\d+\\.\\d\\d \\(50 sent, 50 received\\)")
                .contains("Message latency (gap between received messages): avg ");
        assertThat(server.calls()).hasSize(10).allSatisfy(call -> {
            assertThat(call.names()).containsExactly("a", "b", "a", "b", "a");
            assertThat(call.halfClosed()).isTrue();
        });
    }

    @Test
    void noSchemaAndNoReflectionIsOneLine() throws Exception {
        try (RecordingServer bare = new RecordingServer(RecordingServer.Reflection.NONE).start()) {
            CliRun run = CliRun.of(
                    "--timeout", "10s", "-n", "5", "--call", CALL, bare.uri().toString());
            BadInputTest.assertOneLineError(
                    run,
                    ExitCode.CANNOT_START,
                    "the server does not offer reflection (UNIMPLEMENTED); give the schema with --proto or --protoset");
            assertThat(bare.calls()).isEmpty();
        }
    }

    @Test
    void constantRateSendsTheScheduleAndStatesTargetAndAchievedRates(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("rate.json");
        CliRun run = CliRun.of(
                "--timeout",
                "10s",
                "-t",
                "2",
                "-c",
                "8",
                "-R",
                "200",
                "-d",
                "2s",
                "--json",
                json.toString(),
                "--call",
                CALL,
                "-D",
                "{\"name\":\"x\"}",
                url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        Matcher requests = Pattern.compile("\\n  (\\d+) requests in ").matcher(run.out());
        assertThat(requests.find()).as(run.out()).isTrue();
        long reported = Long.parseLong(requests.group(1));
        assertThat(reported).isEqualTo(server.calls().size()).isPositive();
        assertThat(run.out()).containsPattern("Target rate: 200\\.00 requests/sec, achieved: \\d+\\.\\d\\d");
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.at("/requests").asLong()).isEqualTo(reported);
        // 400 calls are due in [0, 2s); on a busy machine some may still wait for a call slot at the end and
        // are dropped, but together they are the schedule, and never more
        long dropped = result.at("/pacing/dropped").asLong();
        assertThat(reported).isLessThanOrEqualTo(400);
        assertThat(reported + dropped).isBetween(390L, 400L);
        assertThat(result.at("/pacing/open_loop").asBoolean()).isTrue();
        assertThat(result.at("/pacing/target_rate_per_second").asDouble()).isEqualTo(200.0);
        assertThat(result.at("/pacing/achieved_rate_per_second").asDouble()).isPositive();
    }
}
