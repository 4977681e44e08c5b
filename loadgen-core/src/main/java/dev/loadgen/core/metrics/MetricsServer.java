package dev.loadgen.core.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.loadgen.core.StartException;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The run's HTTP endpoint: {@code /metrics} (Prometheus' text format, or OpenMetrics when the scraper asks for it,
 * served by prometheus-metrics' HTTP exporter from {@link LiveMetrics}), {@code /healthz} and {@code /readyz}
 * (from {@link RunHealth}). One daemon thread of its own answers every request, so scrapes and probes never run on
 * an event loop or on the reporter thread.
 *
 * <p>Threading: started and closed by the command line's thread; requests on the server's thread.
 */
public final class MetricsServer implements AutoCloseable {
    private final HTTPServer server;
    private final MetricsAddress address;

    private MetricsServer(HTTPServer server, MetricsAddress address) {
        this.server = server;
        this.address = address;
    }

    /**
     * Listens on {@code address} and serves {@code metrics} and {@code health}.
     *
     * @throws StartException when the address cannot be listened on (a port in use, an address not of this host)
     */
    public static MetricsServer start(MetricsAddress address, LiveMetrics metrics, RunHealth health)
            throws StartException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(metrics);
        ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "loadgen-metrics");
            t.setDaemon(true);
            return t;
        });
        try {
            HTTPServer server = HTTPServer.builder()
                    .inetAddress(address.address().getAddress())
                    .port(address.address().getPort())
                    .registry(registry)
                    .executorService(thread)
                    .defaultHandler(new HealthHandler(health))
                    .registerHealthHandler(false)
                    .buildAndStart();
            return new MetricsServer(server, address);
        } catch (IOException | RuntimeException e) {
            thread.shutdownNow();
            throw new StartException("cannot listen on " + address.hostAndPort() + " for --metrics-addr: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** The port it listens on (the one the system picked for port 0). */
    public int port() {
        return server.getPort();
    }

    /** The URL of {@code path} on this server, with the port it listens on. */
    public String url(String path) {
        MetricsAddress bound = new MetricsAddress(
                new java.net.InetSocketAddress(address.address().getAddress(), server.getPort()));
        return "http://" + bound.hostAndPort() + path;
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * {@code /healthz} and {@code /readyz}: 200 with {@code ok}, or 503 with the reason; anything else but
     * {@code /metrics} is 404.
     */
    private static final class HealthHandler implements HttpHandler {
        private final RunHealth health;

        HealthHandler(RunHealth health) {
            this.health = health;
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                String problem;
                if ("/healthz".equals(path)) {
                    problem = health.notLive();
                } else if ("/readyz".equals(path)) {
                    problem = health.notReady();
                } else {
                    respond(exchange, 404, "not found: try /metrics, /healthz or /readyz\n");
                    return;
                }
                respond(exchange, problem == null ? 200 : 503, problem == null ? "ok\n" : problem + "\n");
            }
        }

        private static void respond(HttpExchange exchange, int status, String text) throws IOException {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
