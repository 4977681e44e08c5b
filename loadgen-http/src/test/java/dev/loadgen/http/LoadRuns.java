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
import picocli.CommandLine;

/** Runs the real engine with the HTTP protocol's driver, as the command line does. */
final class LoadRuns {
    private LoadRuns() {}

    static RunSpec countBounded(String url, int threads, int connections, long requests, long timeoutMillis) {
        return spec(url, "GET", List.of(), new byte[0], threads, connections, 0, requests, timeoutMillis);
    }

    static RunSpec spec(
            String url,
            String method,
            List<Header> headers,
            byte[] body,
            int threads,
            int connections,
            long durationMillis,
            long requests,
            long timeoutMillis) {
        TargetSpec target = new TargetSpec(URI.create(url), method, headers, body, true);
        return new RunSpec(
                target,
                threads,
                connections,
                TimeUnit.MILLISECONDS.toNanos(durationMillis),
                requests,
                TimeUnit.MILLISECONDS.toNanos(timeoutMillis),
                Schedule.closedLoop(),
                1,
                0);
    }

    /** {@code spec} with {@code streams} requests in flight per connection. */
    static RunSpec withStreams(RunSpec spec, int streams) {
        return new RunSpec(
                spec.target(),
                spec.threads(),
                spec.connections(),
                spec.durationNanos(),
                spec.requestCount(),
                spec.timeoutNanos(),
                spec.schedule(),
                streams,
                spec.warmupNanos());
    }

    /**
     * The run of {@code spec} on the best transport, with the driver the HTTP protocol creates for it, given the
     * HTTP options {@code httpOptions} ({@code --h2c}, say) as the command line would.
     */
    static LoadRun open(RunSpec spec, String... httpOptions) throws InputException {
        return LoadRun.prepare(
                spec, Transport.best(), prepare(spec, httpOptions).createDriver(spec, Transport.best()));
    }

    /** What the HTTP protocol makes of {@code spec} and {@code httpOptions}, before its driver. */
    static ProtocolRun prepare(RunSpec spec, String... httpOptions) throws InputException {
        HttpProtocol protocol = new HttpProtocol();
        new CommandLine(protocol.options()).parseArgs(httpOptions);
        return protocol.prepare(spec.target(), new Concurrency(spec.threads(), (long) spec.connections(), null));
    }

    static RunResult run(RunSpec spec, String... httpOptions) throws Exception {
        try (LoadRun run = open(spec, httpOptions)) {
            run.preflight();
            return run.execute();
        }
    }
}
