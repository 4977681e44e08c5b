package dev.loadgen.grpc;

import dev.loadgen.core.Driver;
import dev.loadgen.core.DriverFactory;
import dev.loadgen.core.InputException;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.Transport;
import java.util.Set;

/**
 * Serves {@code grpc://} (plaintext HTTP/2) and {@code grpcs://} (TLS). Found through {@link java.util.ServiceLoader}
 * so the schemes are known; a run needs its {@link GrpcOptions}, which the command line hands over by building
 * the driver with {@link GrpcDriver#create}.
 */
public final class GrpcDriverFactory implements DriverFactory {
    private final GrpcOptions options;

    public GrpcDriverFactory() {
        this(null);
    }

    public GrpcDriverFactory(GrpcOptions options) {
        this.options = options;
    }

    @Override
    public Set<String> schemes() {
        return Set.of("grpc", "grpcs");
    }

    @Override
    public Driver create(RunSpec run, Transport transport) throws InputException {
        if (options == null) {
            throw new InputException("a gRPC target needs --call (e.g. --call helloworld.Greeter/SayHello)");
        }
        return GrpcDriver.create(run, transport, options);
    }
}
