package dev.loadgen.http;

import dev.loadgen.core.Driver;
import dev.loadgen.core.DriverFactory;
import dev.loadgen.core.InputException;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.Transport;
import java.util.Set;

/** Serves {@code http://} and {@code https://} targets with the HTTP/1.1 driver. Found through ServiceLoader. */
public final class HttpDriverFactory implements DriverFactory {
    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    @Override
    public Driver create(TargetSpec target, Transport transport) throws InputException {
        return new HttpDriver(target, transport);
    }
}
