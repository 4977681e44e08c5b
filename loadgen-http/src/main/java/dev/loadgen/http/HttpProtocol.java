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
 * HTTP/1.1 for {@code http://} and {@code https://} targets, found through {@link java.util.ServiceLoader}. Its
 * requests are shaped by the command line's request options (method, headers, body); it has no options of its
 * own. {@code -c} and {@code --connections} both count connections, each carrying one request at a time. The
 * method defaults to GET, or POST when there is a body.
 */
public final class HttpProtocol implements Protocol {
    private static final long MAX_CONNECTIONS = 1_000_000;
    /** HTTP statuses are numbers; the count of error statuses is wrk's "Non-2xx or 3xx responses". */
    static final StatusNames STATUS_NAMES = StatusNames.numeric(List.of("non2xx"), "Non-2xx or 3xx responses");

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
        return null;
    }

    @Override
    public String helpTopic() {
        return String.join("\n",
                "HTTP/1.1 targets: http:// and https:// URLs, with wrk's flags and wrk's report.",
                "Each connection (-c, or --connections: the same number) carries one request at a time; the threads",
                "(-t) share them evenly. -X, -H, --body and --body-file shape every request; https verifies the",
                "certificate and host name unless -k is given. Responses with a status of 400 or more count as",
                "errors (\"Non-2xx or 3xx responses\"; 'non2xx' or 'status:503' in --assert).",
                "",
                "Examples:",
                "  loadgen -t 4 -c 64 -d 30s --latency http://127.0.0.1:8080/",
                "  loadgen -n 10k -X POST --body '{\"a\":1}' -H 'Content-Type: application/json' http://127.0.0.1:8080/api",
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
            throw new InputException("number of connections (" + total + ") must be >= threads ("
                    + concurrency.threads() + ")");
        }
        HttpTarget.of(target.uri());
        String method = target.method() != null ? target.method() : target.body().length > 0 ? "POST" : "GET";
        return new HttpRun(target.withMethod(method), (int) total);
    }

    @Override
    public BuiltInTarget builtInTarget() {
        return new HttpBuiltInTarget();
    }
}
