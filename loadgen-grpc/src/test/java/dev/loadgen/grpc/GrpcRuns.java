package dev.loadgen.grpc;

import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.Transport;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the gRPC driver in process, as the command line does. */
final class GrpcRuns {
    private GrpcRuns() {}

    record Outcome(RunResult result, CallStats.Summary summary, GrpcDriver.Prepared prepared) {}

    static RunSpec spec(URI uri, int threads, int connections, int calls, long requests, long timeoutMillis) {
        TargetSpec target = new TargetSpec(uri, "POST", List.of(), new byte[0], false);
        int perConnection = (calls + connections - 1) / connections;
        return new RunSpec(
                target,
                threads,
                connections,
                0,
                requests,
                TimeUnit.MILLISECONDS.toNanos(timeoutMillis),
                Schedule.closedLoop(),
                perConnection,
                0);
    }

    static Outcome run(RunSpec spec, GrpcOptions options) throws Exception {
        Transport transport = Transport.best();
        GrpcDriver driver = GrpcDriver.create(spec, transport, options);
        try (LoadRun run = LoadRun.prepare(spec, transport, driver)) {
            run.preflight();
            RunResult result = run.execute();
            return new Outcome(result, CallStats.Summary.of(result.protocolStats()), driver.prepared());
        }
    }
}
