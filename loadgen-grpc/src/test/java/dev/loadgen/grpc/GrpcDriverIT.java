package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.RunSpec;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrpcDriverIT {
    private static GrpcTargetServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new GrpcTargetServer("127.0.0.1", 0);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static GrpcOptions options(String call, String data) {
        return GrpcOptions.of(call, data, 8);
    }

    @Test
    void unaryOverReflectionCountsExactlyWhatTheServerHandled() throws Exception {
        long before = server.calls();
        RunSpec spec = GrpcRuns.spec(server.uri(), 2, 2, 8, 1000, 2000);
        GrpcRuns.Outcome outcome = GrpcRuns.run(spec, options("loadgen.target.Target/Unary", "{\"name\":\"x\"}"));
        assertThat(outcome.result().requests()).isEqualTo(1000);
        assertThat(server.calls() - before).isEqualTo(1000);
        assertThat(outcome.result().statuses()).containsExactly(java.util.Map.entry(0, 1000L));
        assertThat(outcome.result().totalErrors()).isZero();
        assertThat(outcome.result().bytesRead()).isPositive();
    }

    @Test
    void unaryWithGhzStyleCallName() throws Exception {
        RunSpec spec = GrpcRuns.spec(server.uri(), 1, 1, 3, 10, 2000);
        GrpcRuns.Outcome outcome = GrpcRuns.run(spec, options("loadgen.target.Target.Unary", "{}"));
        assertThat(outcome.result().requests()).isEqualTo(10);
    }

    @Test
    void protoWithImportsAndWellKnownTypes() throws Exception {
        Path proto = Path.of("src/test/resources/protos/greeter.proto");
        GrpcOptions options = new GrpcOptions(
                "loadgen.target.Target/Unary",
                proto,
                List.of(Path.of("src/test/resources/protos")),
                null,
                null,
                "{\"name\":\"x\",\"sent\":\"2024-01-01T00:00:00Z\"}",
                null,
                null,
                4,
                0,
                0,
                0,
                null,
                null,
                null,
                null);
        long before = server.calls();
        GrpcRuns.Outcome outcome = GrpcRuns.run(GrpcRuns.spec(server.uri(), 1, 1, 4, 200, 2000), options);
        assertThat(outcome.result().requests()).isEqualTo(200);
        assertThat(server.calls() - before).isEqualTo(200);
    }

    @Test
    void protoset(@TempDir Path dir) throws Exception {
        Path protoset = dir.resolve("target.protoset");
        Files.write(
                protoset,
                ProtoSchema.of(GrpcTargetServer.file()).toFileDescriptorSet().toByteArray());
        GrpcOptions options = new GrpcOptions(
                "loadgen.target.Target/Unary",
                null,
                List.of(),
                protoset,
                null,
                "{\"name\":\"x\"}",
                null,
                null,
                4,
                0,
                0,
                0,
                null,
                null,
                null,
                null);
        GrpcRuns.Outcome outcome = GrpcRuns.run(GrpcRuns.spec(server.uri(), 1, 2, 4, 100, 2000), options);
        assertThat(outcome.result().requests()).isEqualTo(100);
    }

    @Test
    void statusesAreCountedByCodeWithMessages() throws Exception {
        GrpcOptions options = new GrpcOptions(
                "loadgen.target.Target/Unary",
                null,
                List.of(),
                null,
                null,
                "{}",
                null,
                "{\"status\":\"UNAVAILABLE\"}",
                2,
                0,
                0,
                0,
                null,
                null,
                null,
                null);
        GrpcRuns.Outcome outcome = GrpcRuns.run(GrpcRuns.spec(server.uri(), 1, 1, 2, 50, 2000), options);
        assertThat(outcome.result().statuses()).containsExactly(java.util.Map.entry(14, 50L));
        assertThat(outcome.result().errors(ErrorKind.STATUS)).isEqualTo(50);
        assertThat(outcome.summary().topErrors(5))
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly("rpc error: code = Unavailable desc = status requested by the client");
    }

    @Test
    void deadlinesAreCountedAsDeadlineExceededAndAsTimeouts() throws Exception {
        GrpcOptions options = new GrpcOptions(
                "loadgen.target.Target/Unary",
                null,
                List.of(),
                null,
                null,
                "{}",
                null,
                "{\"delay\":\"300ms\"}",
                4,
                0,
                0,
                0,
                null,
                null,
                null,
                null);
        GrpcRuns.Outcome outcome = GrpcRuns.run(GrpcRuns.spec(server.uri(), 1, 1, 4, 8, 50), options);
        assertThat(outcome.result().statuses()).containsExactly(java.util.Map.entry(4, 8L));
        assertThat(outcome.result().errors(ErrorKind.TIMEOUT)).isEqualTo(8);
        assertThat(outcome.result().errors(ErrorKind.STATUS)).isZero();
    }

    @Test
    void clientStreaming() throws Exception {
        long received = server.messagesReceived();
        long before = server.calls();
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 1, 4, 40, 2000),
                options("loadgen.target.Target/ClientStream", "[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]"));
        assertThat(outcome.result().requests()).isEqualTo(40);
        assertThat(outcome.result().totalErrors()).isZero();
        assertThat(server.calls() - before).isEqualTo(40);
        assertThat(server.messagesReceived() - received).isEqualTo(120);
        assertThat(outcome.summary().messagesSent()).isEqualTo(120);
        assertThat(outcome.summary().messagesReceived()).isEqualTo(40);
    }

    @Test
    void serverStreaming() throws Exception {
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 1, 4, 30, 2000),
                options("loadgen.target.Target/ServerStream", "{\"name\":\"a\",\"responses\":7}"));
        assertThat(outcome.result().requests()).isEqualTo(30);
        assertThat(outcome.result().totalErrors()).isZero();
        assertThat(outcome.summary().messagesReceived()).isEqualTo(210);
        assertThat(outcome.summary().messageLatencyNanos().getTotalCount()).isEqualTo(210);
    }

    @Test
    void bidiStreaming() throws Exception {
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 2, 2, 4, 30, 2000),
                options("loadgen.target.Target/Bidi", "[{\"name\":\"a\"},{\"name\":\"b\"}]"));
        assertThat(outcome.result().requests()).isEqualTo(30);
        assertThat(outcome.result().totalErrors()).isZero();
        assertThat(outcome.summary().messagesSent()).isEqualTo(60);
        assertThat(outcome.summary().messagesReceived()).isEqualTo(60);
    }
}
