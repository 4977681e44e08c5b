package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A warm-up leaves out the stream messages and the error messages of the calls due in it, like their responses:
 * every gRPC figure of the result belongs to the measured calls only.
 */
class GrpcWarmupIT {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A run of {@code calls} calls in flight on one connection for 1.5 s, the first 0.7 s of it a warm-up. */
    private static RunSpec warmedUp(URI uri, int calls) {
        TargetSpec target = new TargetSpec(uri, "POST", List.of(), new byte[0], false);
        return new RunSpec(target, 1, 1, 1500 * MS, 0, 5000 * MS, Schedule.closedLoop(), calls, 700 * MS);
    }

    @Test
    void streamMessagesOfWarmupCallsAreLeftOut() throws Exception {
        try (RecordingServer server = new RecordingServer(RecordingServer.Reflection.V1_AND_V1ALPHA).start()) {
            GrpcOptions options = new GrpcOptions(
                    "loadgen.target.Target/Bidi",
                    null,
                    List.of(),
                    null,
                    null,
                    "{\"name\":\"x\"}",
                    null,
                    null,
                    4,
                    2 * MS,
                    0,
                    5,
                    null,
                    null,
                    null,
                    null);

            GrpcRuns.Outcome outcome = GrpcRuns.run(warmedUp(server.uri(), 4), options);

            long measured = outcome.result().requests();
            assertThat(outcome.result().warmupResponses())
                    .as("calls answered in the warm-up")
                    .isPositive();
            assertThat(measured).isPositive();
            assertThat(outcome.result().totalErrors()).isZero();
            assertThat(outcome.summary().messagesSent()).isEqualTo(5 * measured);
            assertThat(outcome.summary().messagesReceived()).isEqualTo(5 * measured);
            assertThat(outcome.summary().messageLatencyNanos().getTotalCount()).isEqualTo(5 * measured);
        }
    }

    @Test
    void errorMessagesOfWarmupCallsAreLeftOut() throws Exception {
        try (GrpcTargetServer server = new GrpcTargetServer("127.0.0.1", 0)) {
            server.start();
            GrpcOptions options = new GrpcOptions(
                    GrpcTargetServer.SERVICE + "/Unary",
                    null,
                    List.of(),
                    null,
                    null,
                    "{\"name\":\"x\"}",
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

            GrpcRuns.Outcome outcome = GrpcRuns.run(warmedUp(server.uri(), 2), options);

            long failed = outcome.result().errors(ErrorKind.STATUS);
            assertThat(outcome.result().warmupResponses())
                    .as("calls answered in the warm-up")
                    .isPositive();
            assertThat(failed).isPositive().isEqualTo(outcome.result().requests());
            assertThat(outcome.summary().errorMessages().values().stream()
                            .mapToLong(Long::longValue)
                            .sum())
                    .isEqualTo(failed);
            assertThat(outcome.summary().errorMessages().keySet())
                    .allSatisfy(message -> assertThat(message).startsWith("rpc error: code = Unavailable"));
        }
    }
}
