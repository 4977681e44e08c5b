package dev.loadgen.grpc;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loadgen.core.Driver;
import dev.loadgen.core.InputException;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.Transport;
import dev.loadgen.core.trace.ClientSpan;
import java.io.IOException;
import java.util.Map;

/**
 * One gRPC run: the calls in flight spread over the HTTP/2 connections, the driver, and the reports with gRPC's
 * status names, stream figures and error messages (wrk's layout or ghz's). The command line's thread only.
 */
final class GrpcRun implements ProtocolRun {
    private final TargetSpec target;
    private final GrpcOptions options;
    private final int connections;
    private final int callsPerConnection;
    private final boolean ghzFormat;
    private GrpcDriver driver;

    GrpcRun(TargetSpec target, GrpcOptions options, int connections, int callsPerConnection, boolean ghzFormat) {
        this.target = target;
        this.options = options;
        this.connections = connections;
        this.callsPerConnection = callsPerConnection;
        this.ghzFormat = ghzFormat;
    }

    @Override
    public TargetSpec target() {
        return target;
    }

    @Override
    public int connections() {
        return connections;
    }

    @Override
    public int inFlightPerConnection() {
        return callsPerConnection;
    }

    @Override
    public Driver createDriver(RunSpec run, Transport transport) throws InputException {
        driver = GrpcDriver.create(run, transport, options);
        return driver;
    }

    @Override
    public String textHeader(RunSpec run) {
        return ghzFormat ? "" : GrpcReport.header(run, options.concurrentCalls());
    }

    @Override
    public String textResults(RunResult result, boolean latency, boolean uncorrected) {
        GrpcReport.Input input = input(result);
        return ghzFormat ? GrpcReport.ghz(input) : GrpcReport.wrk(input, latency, uncorrected);
    }

    @Override
    public void writeJson(RunResult result, JsonGenerator json) throws IOException {
        new GrpcJsonSection(input(result)).write(json);
    }

    private GrpcReport.Input input(RunResult result) {
        return new GrpcReport.Input(result, CallStats.Summary.of(result.protocolStats()), driver.prepared());
    }

    /**
     * OpenTelemetry's RPC client span: named {@code package.Service/Method}, with {@code rpc.system} grpc, the
     * service and method, and the server's address and port; the status code in {@code rpc.grpc.status_code}.
     */
    @Override
    public ClientSpan clientSpan() {
        GrpcDriver.Prepared prepared = driver.prepared();
        return new ClientSpan(
                prepared.fullMethodName(),
                Map.of(
                        "rpc.system",
                        "grpc",
                        "rpc.service",
                        prepared.method().getService().getFullName(),
                        "rpc.method",
                        prepared.method().getName(),
                        "server.address",
                        target.uri().getHost(),
                        "server.port",
                        (long)
                                (target.uri().getPort() >= 0
                                        ? target.uri().getPort()
                                        : "grpcs".equals(target.uri().getScheme()) ? 443 : 80)),
                "rpc.grpc.status_code");
    }
}
