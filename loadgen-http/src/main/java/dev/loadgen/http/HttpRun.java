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
import dev.loadgen.core.trace.ClientSpan;
import java.io.IOException;
import java.util.Map;

/**
 * One HTTP run: HTTP/1.1 connections of one request each, reported as wrk reports them, or HTTP/2 connections of
 * up to {@code streams} requests each, whose header also names the streams and the protocol. Created on the
 * command line's thread; it keeps the driver it creates there, whose preflight decides what an {@code --http2} run
 * actually speaks, and reads it when reporting, on the same thread.
 */
final class HttpRun implements ProtocolRun {
    private final TargetSpec target;
    private final int connections;
    private final WireProtocol asked;
    private final int streams;
    private HttpDriver driver;

    HttpRun(TargetSpec target, int connections, WireProtocol asked, int streams) {
        this.target = target;
        this.connections = connections;
        this.asked = asked;
        this.streams = streams;
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
        return streams;
    }

    @Override
    public Driver createDriver(RunSpec run, Transport transport) throws InputException {
        if (!asked.http2() && run.inFlightPerConnection() != 1) {
            throw new InputException("HTTP/1.1 carries one request at a time per connection (no pipelining)");
        }
        driver = new HttpDriver(
                run.target(), run.timeoutNanos(), transport, asked, run.inFlightPerConnection(), run.tracing());
        return driver;
    }

    /** What the connections speak: what was asked for, unless the preflight fell back to HTTP/1.1. */
    private WireProtocol spoken() {
        return driver == null ? asked : driver.spoken();
    }

    /**
     * wrk's two lines, byte for byte, for an HTTP/1.1 run. Asked for HTTP/2, the second line also names the
     * streams and the protocol spoken, and a fallback to HTTP/1.1 gets a line of its own.
     */
    @Override
    public String textHeader(RunSpec run) {
        String wrk = WrkTextReport.header(run);
        if (!asked.http2()) {
            return wrk;
        }
        String lines = wrk.substring(0, wrk.length() - 1);
        WireProtocol spoken = spoken();
        if (spoken.http2()) {
            return lines + " x " + run.inFlightPerConnection() + " streams (" + spoken.displayName() + ", "
                    + spoken.id() + ")\n";
        }
        return lines + " (" + spoken.displayName() + ")\n" + "  HTTP/2 not offered by the server (ALPN chose "
                + driver.alpnChosen() + "); running HTTP/1.1\n";
    }

    @Override
    public String textResults(RunResult result, boolean latency, boolean uncorrected) {
        return WrkTextReport.results(result, latency, uncorrected, HttpProtocol.STATUS_NAMES);
    }

    /**
     * {@code "http": {"protocol": "h2", "streams_per_connection": 10}}: the protocol the run's connections spoke
     * ({@code http/1.1}, {@code h2} or {@code h2c}) and how many requests each carried at most.
     */
    @Override
    public void writeJson(RunResult result, JsonGenerator json) throws IOException {
        WireProtocol spoken = spoken();
        json.writeObjectFieldStart("http");
        json.writeStringField("protocol", spoken.id());
        json.writeNumberField("streams_per_connection", spoken.http2() ? streams : 1);
        json.writeEndObject();
    }

    /**
     * OpenTelemetry's HTTP client span: named for the method, with the method, the URL (its user info masked),
     * the server's address and port and the protocol version; the status in {@code http.response.status_code}.
     */
    @Override
    public ClientSpan clientSpan() {
        HttpTarget http = driver.target();
        return new ClientSpan(
                target.method(),
                Map.of(
                        "http.request.method",
                        target.method(),
                        "url.full",
                        target.displayUrl(),
                        "server.address",
                        http.host(),
                        "server.port",
                        (long) http.port(),
                        "network.protocol.version",
                        spoken().http2() ? "2" : "1.1"),
                "http.response.status_code");
    }
}
