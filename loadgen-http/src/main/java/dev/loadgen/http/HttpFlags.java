package dev.loadgen.http;

import picocli.CommandLine.Option;

/**
 * The HTTP options of the main command as picocli fills them in; {@link HttpProtocol#prepare} checks them. The
 * command line's thread only.
 */
public final class HttpFlags {
    @Option(
            names = "--http2",
            description = "https: offer HTTP/2 through ALPN; when the server chooses HTTP/1.1 the run uses it "
                    + "and the report says so.")
    boolean http2;

    @Option(names = "--h2c", description = "http: HTTP/2 over cleartext, with prior knowledge (no Upgrade).")
    boolean h2c;

    @Option(
            names = "--streams",
            paramLabel = "N",
            description = "HTTP/2: requests in flight on each connection (-c counts connections). Default: 1.")
    Integer streams;
}
