package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Transport;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import dev.loadgen.http.serve.TargetServer;
import dev.loadgen.testing.LeakDetection;
import dev.loadgen.testing.WorkerAllocation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gRPC framing on the HTTP/2 engine against grpc-java's server: replies that span many DATA frames are counted
 * whole, the receive limit fails a call the way gRPC's clients fail it, gzip requests arrive intact, and a unary
 * call with static data costs the worker no more than the HTTP/2 codec allocates.
 */
class GrpcWireIT {
    private static final String UNARY = "loadgen.target.Target/Unary";
    /** As for h2c in loadgen-http's HotPathAllocationIT: the codec's stream, headers and promises per call. */
    private static final double UNARY_BOUND_BYTES = 3072;

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

    private static GrpcOptions options(String data, boolean gzip, int maxReceiveBytes) {
        GrpcOptions base = GrpcOptions.of(UNARY, data, 4);
        return new GrpcOptions(
                base.call(),
                null,
                List.of(),
                null,
                null,
                data,
                null,
                null,
                4,
                0,
                0,
                0,
                null,
                null,
                null,
                null,
                gzip,
                maxReceiveBytes);
    }

    @Test
    void repliesSpanningManyDataFramesAreCountedWhole() throws Exception {
        long before = server.calls();
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 2, 4, 60, 5000),
                options("{\"name\":\"x\",\"size\":200000}", false, GrpcOptions.DEFAULT_MAX_RECEIVE_MESSAGE_BYTES));

        assertThat(outcome.result().statuses()).containsExactly(Map.entry(0, 60L));
        assertThat(server.calls() - before).isEqualTo(60);
        assertThat(outcome.summary().messagesReceived()).isEqualTo(60);
        // Each reply is 200,000 bytes of payload and more: at most 16 KiB per DATA frame by default.
        assertThat(outcome.result().bytesRead()).isGreaterThan(60L * 200_000);
    }

    @Test
    void aReplyAboveTheReceiveLimitFailsTheCallWithResourceExhausted() throws Exception {
        GrpcRuns.Outcome outcome = GrpcRuns.run(
                GrpcRuns.spec(server.uri(), 1, 1, 2, 10, 5000),
                options("{\"name\":\"x\",\"size\":100000}", false, 65536));

        assertThat(outcome.result().statuses()).containsExactly(Map.entry(8, 10L));
        assertThat(outcome.summary().errorMessages()).hasSize(1);
        String message = outcome.summary().errorMessages().keySet().iterator().next();
        assertThat(message)
                .startsWith("rpc error: code = ResourceExhausted desc = grpc: received message larger than max (")
                .endsWith(" vs. 65536)");
        assertThat(outcome.summary().messagesReceived()).isZero();
    }

    @Test
    void gzipRequestsAreDecompressedByTheServer() throws Exception {
        try (RecordingServer recording = new RecordingServer(RecordingServer.Reflection.V1_AND_V1ALPHA, null).start()) {
            GrpcOptions gzip = new GrpcOptions(
                    "loadgen.target.Target/Unary",
                    null,
                    List.of(),
                    null,
                    null,
                    "{\"name\":\"compressed hello\"}",
                    null,
                    null,
                    2,
                    0,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null,
                    true,
                    GrpcOptions.DEFAULT_MAX_RECEIVE_MESSAGE_BYTES);
            GrpcRuns.Outcome outcome = GrpcRuns.run(GrpcRuns.spec(recording.uri(), 1, 1, 2, 20, 5000), gzip);

            assertThat(outcome.result().statuses()).containsExactly(Map.entry(0, 20L));
            assertThat(recording.calls()).hasSize(20).allSatisfy(call -> {
                assertThat(call.names()).containsExactly("compressed hello");
                assertThat(call.header("grpc-encoding")).isEqualTo("gzip");
            });
        }
    }

    /**
     * An HTTP/2 server that is no gRPC server (the built-in HTTP target over h2c, 200 with text): every call ends
     * Unknown, naming the content type, and none is read as gRPC messages.
     */
    @Test
    void aResponseThatIsNotGrpcEndsTheCallUnknown() throws Exception {
        TargetServer http = TargetServer.builder().port(0).threads(1).build();
        http.start();
        try {
            java.net.URI uri =
                    java.net.URI.create("grpc://127.0.0.1:" + http.uri().getPort());
            GrpcOptions options = new GrpcOptions(
                    UNARY,
                    java.nio.file.Path.of("src/test/resources/protos/greeter.proto"),
                    List.of(java.nio.file.Path.of("src/test/resources/protos")),
                    null,
                    null,
                    "{\"name\":\"x\"}",
                    null,
                    null,
                    2,
                    0,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null);
            GrpcRuns.Outcome outcome = GrpcRuns.run(GrpcRuns.spec(uri, 1, 1, 2, 20, 5000), options);

            assertThat(outcome.result().statuses()).containsExactly(Map.entry(2, 20L));
            assertThat(outcome.summary().errorMessages().keySet())
                    .singleElement()
                    .asString()
                    .startsWith("rpc error: code = Unknown desc = unexpected content-type \"text/plain");
            assertThat(outcome.summary().messagesReceived()).isZero();
        } finally {
            http.close();
        }
    }

    /**
     * Unary calls with static data, closed loop, 4 calls in flight on one connection. Measured on JDK 17 with
     * Netty 4.2, Linux epoll: the figure the test prints ({@code ./mvnw -o -pl loadgen-grpc verify
     * -Dit.test=GrpcWireIT}); the bound leaves room for a JIT that escapes less.
     */
    @Test
    void unaryCallsAllocateNoMoreThanTheCodecNeeds() throws Exception {
        double bytesPerCall = LeakDetection.off(GrpcWireIT::bytesAllocatedPerUnaryCall);
        assertThat(bytesPerCall).as("bytes allocated per unary call").isLessThan(UNARY_BOUND_BYTES);
    }

    private static double bytesAllocatedPerUnaryCall() throws Exception {
        RunSpec closed = GrpcRuns.spec(server.uri(), 1, 1, 4, 1, 2000);
        RunSpec spec =
                new RunSpec(closed.target(), 1, 1, 6_000_000_000L, 0, closed.timeoutNanos(), closed.schedule(), 4, 0);
        Transport transport = Transport.best();
        GrpcDriver driver = GrpcDriver.create(
                spec, transport, options("{\"name\":\"x\"}", false, GrpcOptions.DEFAULT_MAX_RECEIVE_MESSAGE_BYTES));
        try (LoadRun run = LoadRun.prepare(spec, transport, driver)) {
            run.preflight();
            CompletableFuture<RunResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return run.execute();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(2500);
            WorkerAllocation worker = WorkerAllocation.ofTheOnlyWorker();
            long bytesBefore = worker.allocatedBytes();
            long callsBefore = run.countsSoFar().requests();
            Thread.sleep(2500);
            long bytesAfter = worker.allocatedBytes();
            long callsAfter = run.countsSoFar().requests();
            result.get();

            long calls = callsAfter - callsBefore;
            assertThat(calls).isGreaterThan(1000);
            assertThat(bytesAfter).as("the worker's allocation counter").isGreaterThanOrEqualTo(bytesBefore);
            double bytesPerCall = (double) (bytesAfter - bytesBefore) / calls;
            System.out.printf("GrpcWireIT: %.1f bytes allocated per unary call over %d calls%n", bytesPerCall, calls);
            return bytesPerCall;
        }
    }
}
