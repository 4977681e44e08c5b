package dev.loadgen.http;

import dev.loadgen.core.BuiltInTarget;
import dev.loadgen.core.StartException;
import dev.loadgen.http.serve.TargetServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in HTTP/1.1 and h2c target ({@link TargetServer}) as {@code serve} and {@code demo} start it.
 * Stateless.
 */
final class HttpBuiltInTarget implements BuiltInTarget {
    /** Streams per connection of an h2c demo: enough to show multiplexing on a few connections. */
    private static final int H2C_DEMO_STREAMS = 8;

    @Override
    public List<String> portOptionNames() {
        return List.of("-p", "--port");
    }

    @Override
    public int defaultPort() {
        return TargetServer.DEFAULT_PORT;
    }

    @Override
    public String portDescription() {
        return "Port of the HTTP target (HTTP/1.1 and h2c); 0 picks a free one. Default: " + TargetServer.DEFAULT_PORT
                + ".";
    }

    @Override
    public Running start(String host, int port, int threads) throws StartException {
        TargetServer server =
                TargetServer.builder().host(host).port(port).threads(threads).build();
        server.start();
        return new Running() {
            @Override
            public URI uri() {
                return server.uri();
            }

            @Override
            public String listeningLine() {
                return "listening on " + server.uri() + " (Ctrl-C to stop)";
            }

            @Override
            public String servedLine() {
                return "The built-in target wrote " + server.counts().responsesWritten() + " responses.";
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    @Override
    public String demoPath() {
        return "/?size=256";
    }

    @Override
    public List<List<String>> trainingRuns(URI target, Path scratch) {
        return List.of(List.of(target.resolve(demoPath()).toString()));
    }

    @Override
    public String demoIntroduction() {
        return "";
    }

    /** {@code demo --h2c}: the same target over HTTP/2 with prior knowledge, a few streams per connection. */
    @Override
    public List<DemoVariant> demoVariants() {
        return List.of(new DemoVariant(
                "h2c",
                "Speak HTTP/2 over cleartext to the built-in HTTP target, " + H2C_DEMO_STREAMS
                        + " streams per connection.",
                List.of("--h2c", "--streams", Integer.toString(H2C_DEMO_STREAMS))));
    }

    @Override
    public List<String> demoArguments() {
        return List.of();
    }
}
