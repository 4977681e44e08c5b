package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Calls the client's deadline ends are DeadlineExceeded statuses, counted as timeouts, under one message whatever
 * time they took.
 */
class GrpcDeadlineIT {
    @Test
    void callsPastTheirDeadlineShareOneErrorMessage() throws Exception {
        try (GrpcTargetServer server = new GrpcTargetServer("127.0.0.1", 0)) {
            server.start();
            TargetSpec target = new TargetSpec(server.uri(), "POST", List.of(), new byte[0], false);
            RunSpec spec =
                    new RunSpec(target, 1, 1, 0, 6, TimeUnit.MILLISECONDS.toNanos(100), Schedule.closedLoop(), 2, 0);
            GrpcOptions options = new GrpcOptions(
                    GrpcTargetServer.SERVICE + "/Unary",
                    null,
                    List.of(),
                    null,
                    null,
                    "{\"name\":\"x\"}",
                    null,
                    "{\"delay\":\"300ms\"}",
                    2,
                    0,
                    0,
                    0,
                    null,
                    null,
                    null,
                    null);

            GrpcRuns.Outcome outcome = GrpcRuns.run(spec, options);

            assertThat(outcome.result().errors(ErrorKind.TIMEOUT)).isEqualTo(6);
            assertThat(outcome.result().errors(ErrorKind.STATUS)).isZero();
            assertThat(outcome.result().statuses()).containsOnlyKeys(4);
            assertThat(outcome.summary().errorMessages())
                    .containsExactly(java.util.Map.entry(
                            "rpc error: code = DeadlineExceeded desc = context deadline exceeded", 6L));
        }
    }
}
