package dev.loadgen.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loadgen.core.Driver;
import dev.loadgen.core.InputException;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.Transport;
import dev.loadgen.core.report.WrkTextReport;

/** One HTTP/1.1 run: connections of one request each, and wrk's report as it is. Immutable. */
final class HttpRun implements ProtocolRun {
    private final TargetSpec target;
    private final int connections;

    HttpRun(TargetSpec target, int connections) {
        this.target = target;
        this.connections = connections;
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
        return 1;
    }

    @Override
    public Driver createDriver(RunSpec run, Transport transport) throws InputException {
        if (run.inFlightPerConnection() != 1) {
            throw new InputException("HTTP/1.1 carries one request at a time per connection (no pipelining)");
        }
        return new HttpDriver(run.target(), run.timeoutNanos(), transport);
    }

    @Override
    public String textHeader(RunSpec run) {
        return WrkTextReport.header(run);
    }

    @Override
    public String textResults(RunResult result, boolean latency, boolean uncorrected) {
        return WrkTextReport.results(result, latency, uncorrected, HttpProtocol.STATUS_NAMES);
    }

    /** An HTTP result has no fields beyond the core's. */
    @Override
    public void writeJson(RunResult result, JsonGenerator json) {
    }
}
