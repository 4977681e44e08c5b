package dev.loadgen.core;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.loadgen.core.trace.ClientSpan;
import java.io.IOException;
import java.util.Map;

/**
 * A protocol's part of one run, made by {@link Protocol#prepare} once its options are known to be valid: the
 * shape of the run's connections, the driver, and the protocol's own parts of the reports. Called on the command
 * line's thread; the report methods after the run has ended.
 */
public interface ProtocolRun {

    /** What the run's requests go to and carry, as the protocol completed it (a default method, say). */
    TargetSpec target();

    /** Connections of the run, in total. */
    int connections();

    /** Requests each connection keeps in flight at most. */
    int inFlightPerConnection();

    /**
     * Builds the driver for {@code run}, whose connections and in-flight requests are this object's. Pure: reads
     * nothing from the network, which the driver's {@link Driver#resolve} and {@link Driver#preflight} do.
     *
     * @throws InputException when the run cannot be served
     */
    Driver createDriver(RunSpec run, Transport transport) throws InputException;

    /** What the text report prints before the run starts (wrk's two opening lines, or nothing). */
    String textHeader(RunSpec run);

    /**
     * The text report of a finished run.
     *
     * @param latency     print the latency distribution
     * @param uncorrected also print the latency measured from the actual write, at a constant rate
     */
    String textResults(RunResult result, boolean latency, boolean uncorrected);

    /**
     * Writes the protocol's own fields into the JSON result object (a field named for the protocol), or nothing.
     */
    void writeJson(RunResult result, JsonGenerator json) throws IOException;

    /**
     * The client span a traced request becomes ({@code --otlp-endpoint}), by the protocol's semantic conventions;
     * called after the driver's preflight. By default a span named for the method, with the server's address.
     */
    default ClientSpan clientSpan() {
        TargetSpec target = target();
        return new ClientSpan(
                target.method(),
                Map.of("server.address", target.uri().getHost(), "server.port", (long)
                        target.uri().getPort()),
                "status");
    }
}
