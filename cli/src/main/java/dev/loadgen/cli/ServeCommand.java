package dev.loadgen.cli;

import dev.loadgen.core.StartException;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import dev.loadgen.http.serve.TargetServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code loadgen serve}: the built-in HTTP/1.1 target, until Ctrl-C. The main thread only waits. */
@Command(name = "serve", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Run the built-in HTTP/1.1 target: any method and path get a small text body.",
                "Query parameters shape the response: delay=10ms, status=503, size=1024."},
        footer = {"%nExample:", "  loadgen serve --port 8080 &",
                "  loadgen -c 16 -d 10s 'http://127.0.0.1:8080/?delay=5ms&size=2048'"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = TargetServer.DEFAULT_HOST,
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (loopback only).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + TargetServer.DEFAULT_PORT,
            description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "1",
            description = "Event-loop threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--grpc-port", paramLabel = "PORT",
            description = "Also serve the built-in gRPC target (service " + GrpcTargetServer.SERVICE
                    + ", reflection on; metadata 'delay: 10ms' and 'status: UNAVAILABLE' shape answers) on this "
                    + "port of --host; 0 picks a free one.")
    Integer grpcPort;

    @Override
    public Integer call() throws StartException, InterruptedException {
        if (port < 0 || port > 65535) {
            throw new StartException("port must be between 0 and 65535");
        }
        if (grpcPort != null && (grpcPort < 0 || grpcPort > 65535)) {
            throw new StartException("--grpc-port must be between 0 and 65535");
        }
        PrintWriter out = spec.commandLine().getOut();
        TargetServer server = TargetServer.builder().host(host).port(port).threads(threads).build();
        server.start();
        GrpcTargetServer grpcServer = grpcPort == null ? null : new GrpcTargetServer(host, grpcPort);
        if (grpcServer != null) {
            try {
                grpcServer.start();
            } catch (StartException e) {
                server.close();
                throw e;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (grpcServer != null) {
                grpcServer.close();
            }
            stopped.countDown();
        }, "loadgen-serve-stop"));
        out.println("loadgen serve: listening on " + server.uri() + " (Ctrl-C to stop)");
        if (grpcServer != null) {
            out.println("loadgen serve: gRPC on " + grpcServer.uri() + " (" + GrpcTargetServer.SERVICE
                    + "/Unary, ClientStream, ServerStream, Bidi; reflection on)");
        }
        out.flush();
        stopped.await();
        return ExitCode.OK;
    }
}
