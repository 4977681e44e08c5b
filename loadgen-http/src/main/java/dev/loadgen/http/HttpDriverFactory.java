package dev.loadgen.http;

import dev.loadgen.core.Driver;
import dev.loadgen.core.DriverFactory;
import dev.loadgen.core.InputException;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Transport;
import java.util.Set;

/** Serves {@code http://} and {@code https://} targets with the HTTP/1.1 driver. Found through ServiceLoader. */
public final class HttpDriverFactory implements DriverFactory {
    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    @Override
    public Driver create(RunSpec run, Transport transport) throws InputException {
        if (run.inFlightPerConnection() != 1) {
            throw new InputException("HTTP/1.1 carries one request at a time per connection (no pipelining)");
        }
        return new HttpDriver(run.target(), run.timeoutNanos(), transport);
    }
}
