package dev.loadgen.cli;

import dev.loadgen.core.InputException;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.StartException;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.grpc.GrpcOptions;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import dev.loadgen.http.serve.TargetServer;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code loadgen demo}: starts the built-in target on a free loopback port, runs a short test against it and
 * prints wrk's report, then what the server itself counted. Runs on the main thread.
 */
@Command(name = "demo", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Start the built-in target on 127.0.0.1 and run a short load test against it.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "2",
            description = "Threads of the load generator. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "16",
            description = "Connections. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "3s",
            converter = DurationConverter.class, description = "Duration. Default: 3s.")
    long durationNanos;

    @Option(names = "--path", paramLabel = "PATH", defaultValue = "/?size=256",
            description = "Path and query sent to the target, e.g. '/?delay=1ms'. Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(names = "--grpc", description = "Test the built-in gRPC target instead (unary calls over reflection).")
    boolean grpc;

    @Override
    public Integer call() throws InputException, StartException, InterruptedException {
        if (grpc) {
            return grpcDemo();
        }
        if (threads < 1 || connections < threads) {
            throw new InputException("demo needs threads >= 1 and connections >= threads");
        }
        if (durationNanos <= 0) {
            throw new InputException("duration (-d) must be positive");
        }
        if (!path.startsWith("/")) {
            throw new InputException("--path must start with '/'");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (TargetServer server = TargetServer.builder().port(0).threads(1).build()) {
            server.start();
            TargetSpec target = new TargetSpec(server.uri().resolve(path), "GET", List.of(), new byte[0], false);
            RunSpec runSpec = new RunSpec(target, threads, connections, durationNanos, 0,
                    TimeUnit.SECONDS.toNanos(2), Schedule.closedLoop());
            int code = LoadCommand.runAndReport(runSpec, ReportOptions.text(true), Gates.none(), out,
                    spec.commandLine().getErr());
            out.println();
            out.println("The built-in target wrote " + server.counts().responsesWritten() + " responses.");
            out.flush();
            return code;
        }
    }

    private int grpcDemo() throws InputException, StartException, InterruptedException {
        if (threads < 1 || connections < threads) {
            throw new InputException("demo needs threads >= 1 and connections >= threads");
        }
        if (durationNanos <= 0) {
            throw new InputException("duration (-d) must be positive");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (GrpcTargetServer server = new GrpcTargetServer("127.0.0.1", 0)) {
            server.start();
            TargetSpec target = new TargetSpec(server.uri(), "POST", List.of(), new byte[0], false);
            int links = threads;
            RunSpec runSpec = new RunSpec(target, threads, links, durationNanos, 0, TimeUnit.SECONDS.toNanos(2),
                    Schedule.closedLoop(), (connections + links - 1) / links, 0);
            GrpcOptions options = GrpcOptions.of(GrpcTargetServer.SERVICE + "/Unary",
                    "{\"name\":\"{{.RequestNumber}}\"}", connections);
            out.println("loadgen demo: " + GrpcTargetServer.SERVICE + "/Unary with data {\"name\":\"{{.RequestNumber}}\"}, "
                    + "schema by server reflection");
            int code = GrpcLoad.runAndReport(runSpec, options, false, ReportOptions.text(true), Gates.none(), out,
                    spec.commandLine().getErr());
            out.println();
            out.println("The built-in gRPC target handled " + server.calls() + " calls.");
            out.flush();
            return code;
        }
    }
}
