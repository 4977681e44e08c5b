package dev.loadgen.http;

import dev.loadgen.core.BuiltInTarget;
import dev.loadgen.core.Concurrency;
import dev.loadgen.core.InputException;
import dev.loadgen.core.Protocol;
import dev.loadgen.core.ProtocolRun;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.gate.StatusNames;
import java.util.List;
import java.util.Set;

/**
 * HTTP/1.1 and HTTP/2 for {@code http://} and {@code https://} targets, found through
 * {@link java.util.ServiceLoader}. Its requests are shaped by the command line's request options (method, headers,
 * body); its own options ({@link HttpFlags}) choose HTTP/2: {@code --http2} through ALPN for https,
 * {@code --h2c} with prior knowledge for http, and {@code --streams} requests in flight per HTTP/2 connection.
 * {@code -c} and {@code --connections} both count connections. The method defaults to GET, or POST when there is
 * a body.
 */
public final class HttpProtocol implements Protocol {
    private static final long MAX_CONNECTIONS = 1_000_000;
    /** HTTP statuses are numbers; the count of error statuses is wrk's "Non-2xx or 3xx responses". */
    static final StatusNames STATUS_NAMES = StatusNames.numeric(List.of("non2xx"), "Non-2xx or 3xx responses");
    /** Far above what servers allow (SETTINGS_MAX_CONCURRENT_STREAMS is commonly 100 to 250); each is a slot. */
    private static final int MAX_STREAMS = 1000;
    /** Requests in flight in total, connections times streams: what the workers' queues of free slots hold. */
    private static final long MAX_IN_FLIGHT = 1_000_000;

    private final HttpFlags flags = new HttpFlags();

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String displayName() {
        return "HTTP";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("http", "https");
    }

    @Override
    public Object options() {
        return flags;
    }

    @Override
    public String helpTopic() {
        return String.join(
                "\n",
                "HTTP/1.1 and HTTP/2 targets: http:// and https:// URLs, with wrk's flags and wrk's report.",
                "-c (or --connections: the same number) counts connections; the threads (-t) share them evenly.",
                "Over HTTP/1.1 each carries one request at a time; --http2 (https) or --h2c (http) speak HTTP/2,",
                "where --streams N keeps N requests in flight on each. -X, -H, --body and --body-file shape every",
                "request; https verifies the certificate and host name unless -k is given. Responses with a status",
                "of 400 or more count as errors (\"Non-2xx or 3xx responses\"; 'non2xx' or 'status:503' in --assert).",
                "",
                "Examples:",
                "  loadgen -t 4 -c 64 -d 30s --latency http://127.0.0.1:8080/",
                "  loadgen -n 10k -X POST --body '{\"a\":1}' -H 'Content-Type: application/json' http://127.0.0.1:8080/api",
                "  loadgen -c 16 --streams 10 -d 30s --h2c http://127.0.0.1:8080/",
                "  loadgen --http2 -c 4 --streams 100 -d 30s https://example.com/",
                "  loadgen serve --port 8080      (the built-in target: ?delay=10ms&status=503&size=1024 shape it)",
                "");
    }

    @Override
    public StatusNames statusNames() {
        return STATUS_NAMES;
    }

    @Override
    public ProtocolRun prepare(TargetSpec target, Concurrency concurrency) throws InputException {
        Long count = concurrency.concurrency();
        Long connections = concurrency.connections();
        if (count != null && connections != null && !count.equals(connections)) {
            throw new InputException("-c and --connections mean the same for HTTP; give one of them");
        }
        long total = count != null ? count : connections != null ? connections : Concurrency.DEFAULT;
        if (total < 1 || total > MAX_CONNECTIONS) {
            throw new InputException("connections (-c) must be between 1 and " + MAX_CONNECTIONS);
        }
        if (total < concurrency.threads()) {
            throw new InputException(
                    "number of connections (" + total + ") must be >= threads (" + concurrency.threads() + ")");
        }
        WireProtocol asked = wireProtocol(HttpTarget.of(target.uri()).tls());
        int streams = flags.streams == null ? 1 : flags.streams;
        if (streams < 1 || streams > MAX_STREAMS) {
            throw new InputException("--streams must be between 1 and " + MAX_STREAMS);
        }
        if ((long) streams * total > MAX_IN_FLIGHT) {
            throw new InputException("connections x streams (" + total + " x " + streams + ") must be at most "
                    + MAX_IN_FLIGHT + " requests in flight");
        }
        if (streams > 1 && !asked.http2()) {
            throw new InputException("--streams " + streams + " needs HTTP/2 (--http2 for https://, --h2c for "
                    + "http://): HTTP/1.1 carries one request at a time per connection");
        }
        String method = target.method() != null ? target.method() : target.body().length > 0 ? "POST" : "GET";
        return new HttpRun(target.withMethod(method), (int) total, asked, streams);
    }

    /** What {@code --http2} and {@code --h2c} ask for on a target with or without TLS. */
    private WireProtocol wireProtocol(boolean tls) throws InputException {
        if (flags.http2 && flags.h2c) {
            throw new InputException(
                    "--http2 and --h2c cannot be used together: --http2 is for https:// URLs, " + "--h2c for http://");
        }
        if (flags.h2c && tls) {
            throw new InputException("--h2c is HTTP/2 over cleartext, for http:// URLs; for https:// use --http2");
        }
        if (flags.http2 && !tls) {
            throw new InputException("--http2 negotiates HTTP/2 through TLS, for https:// URLs; for http:// use --h2c");
        }
        return flags.http2 ? WireProtocol.H2 : flags.h2c ? WireProtocol.H2C : WireProtocol.HTTP_1_1;
    }

    @Override
    public BuiltInTarget builtInTarget() {
        return new HttpBuiltInTarget();
    }
}
