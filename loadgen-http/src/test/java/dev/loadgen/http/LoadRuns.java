package dev.loadgen.http;

import dev.loadgen.core.Concurrency;
import dev.loadgen.core.Header;
import dev.loadgen.core.InputException;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.Transport;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real engine with the HTTP protocol's driver, as the command line does. */
final class LoadRuns {
    private LoadRuns() {
    }

    static RunSpec countBounded(String url, int threads, int connections, long requests, long timeoutMillis) {
        return spec(url, "GET", List.of(), new byte[0], threads, connections, 0, requests, timeoutMillis);
    }

    static RunSpec spec(String url, String method, List<Header> headers, byte[] body, int threads, int connections,
                        long durationMillis, long requests, long timeoutMillis) {
        TargetSpec target = new TargetSpec(URI.create(url), method, headers, body, true);
        return new RunSpec(target, threads, connections, TimeUnit.MILLISECONDS.toNanos(durationMillis), requests,
                TimeUnit.MILLISECONDS.toNanos(timeoutMillis), Schedule.closedLoop(), 1, 0);
    }

    /** The run of {@code spec} on the best transport, with the driver the HTTP protocol creates for it. */
    static LoadRun open(RunSpec spec) throws InputException {
        Transport transport = Transport.best();
        ProtocolRun protocolRun = new HttpProtocol().prepare(spec.target(),
                new Concurrency(spec.threads(), (long) spec.connections(), null));
        return LoadRun.prepare(spec, transport, protocolRun.createDriver(spec, transport));
    }

    static RunResult run(RunSpec spec) throws Exception {
        try (LoadRun run = open(spec)) {
            run.preflight();
            return run.execute();
        }
    }
}
