package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Request data and metadata as the server receives them: templates vary per call, static values arrive as given. */
class GrpcDataIT {
    private static final String UNARY = "loadgen.target.Target/Unary";
    private RecordingServer server;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingServer(RecordingServer.Reflection.V1_AND_V1ALPHA).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static GrpcOptions options(String call, String data, String metadata, int concurrentCalls) {
        return new GrpcOptions(
                call,
                null,
                List.of(),
                null,
                null,
                data,
                null,
                metadata,
                concurrentCalls,
                0,
                0,
                0,
                null,
                null,
                null,
                null);
    }

    @Test
    void staticMetadataArrivesOnEveryCall() throws Exception {
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 2, 2, 4, 150, 5000),
                options(UNARY, "{\"name\":\"x\"}", "{\"x-tenant\":\"acme\",\"x-trace\":[\"a\",\"b\"]}", 4));

        assertThat(outcome.result().requests()).isEqualTo(150);
        List<RecordingServer.Call> calls = server.calls();
        assertThat(calls).hasSize(150).allSatisfy(call -> {
            assertThat(call.header("x-tenant")).isEqualTo("acme");
            assertThat(call.names()).containsExactly("x");
        });
    }

    @Test
    void templatesInDataAndMetadataVaryPerCall() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        String data = "{\"name\":\"{{.RequestNumber}} {{.WorkerID}} {{.TimestampUnix}} {{newUUID}} {{randomInt 1 100}}"
                + " {{randomString 8}}\"}";
        String metadata = "{\"request-number\":\"{{.RequestNumber}}\",\"request-id\":\"{{newUUID}}\","
                + "\"fixed\":\"yes\",\"method\":\"{{.MethodName}}\"}";
        GrpcRuns.Outcome outcome =
                GrpcRuns.run(GrpcRuns.spec(server.uri(), 2, 2, 6, 300, 5000), options(UNARY, data, metadata, 6));
        long after = System.currentTimeMillis() / 1000;

        assertThat(outcome.result().requests()).isEqualTo(300);
        assertThat(outcome.result().totalErrors()).isZero();
        List<RecordingServer.Call> calls = server.calls();
        assertThat(calls).hasSize(300);
        Set<Long> numbers = new HashSet<>();
        Set<String> workers = new HashSet<>();
        Set<String> uuids = new HashSet<>();
        Set<Long> ints = new HashSet<>();
        Set<String> strings = new HashSet<>();
        Set<String> metadataNumbers = new HashSet<>();
        Set<String> metadataIds = new HashSet<>();
        for (RecordingServer.Call call : calls) {
            String[] words = call.names().get(0).split(" ");
            assertThat(words).hasSize(6);
            numbers.add(Long.parseLong(words[0]));
            assertThat(words[1]).matches("g\\d+c0");
            workers.add(words[1]);
            assertThat(Long.parseLong(words[2])).isBetween(before, after);
            uuids.add(UUID.fromString(words[3]).toString());
            long random = Long.parseLong(words[4]);
            assertThat(random).isBetween(1L, 99L);
            ints.add(random);
            assertThat(words[5]).matches("[A-Za-z0-9]{8}");
            strings.add(words[5]);
            // data and metadata of one call are rendered from the same call data
            assertThat(call.header("request-number")).isEqualTo(words[0]);
            metadataNumbers.add(call.header("request-number"));
            metadataIds.add(UUID.fromString(call.header("request-id")).toString());
            assertThat(call.header("fixed")).isEqualTo("yes");
            assertThat(call.header("method")).isEqualTo("Unary");
        }
        assertThat(numbers).isEqualTo(LongStream.rangeClosed(1, 300).boxed().collect(Collectors.toSet()));
        assertThat(metadataNumbers).hasSize(300);
        assertThat(workers).containsExactlyInAnyOrder("g0c0", "g1c0");
        assertThat(uuids).hasSize(300);
        assertThat(metadataIds).hasSize(300);
        assertThat(ints.size()).isGreaterThan(30);
        assertThat(strings).hasSize(300);
    }

    @Test
    void templatedClientStreamRendersEveryMessageOfTheStream() throws Exception {
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 1, 3, 40, 5000),
                options(
                        "loadgen.target.Target/ClientStream",
                        "[{\"name\":\"{{.RequestNumber}}-a\"},{\"name\":\"{{.RequestNumber}}-b\"}]",
                        null,
                        3));

        assertThat(outcome.result().requests()).isEqualTo(40);
        Set<Long> numbers = new HashSet<>();
        for (RecordingServer.Call call : server.calls()) {
            List<String> names = call.names();
            assertThat(names).hasSize(2);
            String number = names.get(0).substring(0, names.get(0).indexOf('-'));
            assertThat(names).containsExactly(number + "-a", number + "-b");
            numbers.add(Long.parseLong(number));
        }
        assertThat(numbers).isEqualTo(LongStream.rangeClosed(1, 40).boxed().collect(Collectors.toSet()));
    }
}
