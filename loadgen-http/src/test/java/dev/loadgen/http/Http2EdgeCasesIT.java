package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.StartException;
import dev.loadgen.http.ScriptedHttp2Server.ConnectionCounts;
import dev.loadgen.http.ScriptedHttp2Server.GoAway;
import dev.loadgen.http.ScriptedHttp2Server.PingFirst;
import dev.loadgen.http.ScriptedHttp2Server.Reset;
import dev.loadgen.http.ScriptedHttp2Server.Respond;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 engine against a scripted server that misbehaves on purpose: GOAWAY, RST_STREAM, PING, a limit of
 * one concurrent stream, a tiny flow-control window, no SETTINGS at all, and HTTP/1.1 where HTTP/2 was expected.
 * Every count the client reports is checked against what the server did.
 */
class Http2EdgeCasesIT {
    private static final Respond OK = new Respond(200, 10, 0);

    private static RunSpec h2c(ScriptedHttp2Server server, int connections, long requests, int streams) {
        return LoadRuns.withStreams(
                LoadRuns.countBounded(server.uri("/").toString(), 1, connections, requests, 5000), streams);
    }

    private static RunResult run(RunSpec spec) throws Exception {
        return LoadRuns.run(spec, "--h2c", "--streams", Integer.toString(spec.inFlightPerConnection()));
    }

    /**
     * At its 20th request each connection gets GOAWAY naming the stream before it: the 20th request and the three
     * sent after it (four streams in flight) fail with READ, the 19 before are answered, and the worker goes on
     * on a new connection until 200 requests have gone out. The responses have no body, so the server's flow
     * controller, which may hold DATA back and let the GOAWAY overtake it, keeps the frames in order.
     */
    @Test
    void goAwayFailsTheStreamsAboveTheLastStreamIdAndTheRunGoesOnOnANewConnection() throws Exception {
        try (ScriptedHttp2Server server = new ScriptedHttp2Server(
                new Http2Settings(), (n, streamId) -> n == 20 ? new GoAway(streamId - 2) : new Respond(200, 0, 0))) {
            RunResult result = run(h2c(server, 1, 200, 4));

            assertThat(server.goAways()).isPositive();
            assertThat(result.requests()).isEqualTo(server.responses());
            assertThat(result.errors(ErrorKind.READ)).isEqualTo(4 * server.goAways());
            assertThat(result.requests() + result.errors(ErrorKind.READ)).isEqualTo(200);
            assertThat(result.totalErrors()).isEqualTo(result.errors(ErrorKind.READ));
            // The preflight's connection, then one per GOAWAY, and the last.
            assertThat(server.connections()).hasSize(2 + (int) server.goAways());
        }
    }

    /** Every third request is reset: each reset is one READ error, and the connections stay open. */
    @Test
    void resetStreamFailsThatRequestOnlyAndTheConnectionStays() throws Exception {
        try (ScriptedHttp2Server server =
                new ScriptedHttp2Server(new Http2Settings(), (n, streamId) -> n % 3 == 0 ? new Reset() : OK)) {
            RunResult result = run(h2c(server, 2, 300, 5));

            assertThat(server.resets()).isPositive();
            assertThat(result.errors(ErrorKind.READ)).isEqualTo(server.resets());
            assertThat(result.requests()).isEqualTo(server.responses());
            assertThat(result.requests() + result.errors(ErrorKind.READ)).isEqualTo(300);
            assertThat(result.totalErrors()).isEqualTo(result.errors(ErrorKind.READ));
            assertThat(server.connections()).hasSize(3);
        }
    }

    /**
     * Every fifth request is answered only after 2 s, far past the 300 ms timeout: each of those is one timeout
     * error, its stream is reset, and the one connection carries the other requests on; the server never
     * answers a reset stream, so what it answered is what the client counted.
     */
    @Test
    void aLateResponseTimesOutItsOwnStreamAndTheConnectionStays() throws Exception {
        try (ScriptedHttp2Server server = new ScriptedHttp2Server(
                new Http2Settings(), (n, streamId) -> n % 5 == 0 ? new Respond(200, 10, 2000) : OK)) {
            RunResult result = run(
                    LoadRuns.withStreams(LoadRuns.countBounded(server.uri("/").toString(), 1, 1, 100, 300), 4));

            assertThat(result.errors(ErrorKind.TIMEOUT)).isEqualTo(20);
            assertThat(result.totalErrors()).isEqualTo(20);
            assertThat(result.requests()).isEqualTo(80).isEqualTo(server.responses());
            // The preflight's connection and the run's one: no replacement.
            assertThat(server.connections()).hasSize(2);
        }
    }

    /** The codec answers the server's PINGs by itself, while requests keep completing. */
    @Test
    void pingsAreAnswered() throws Exception {
        try (ScriptedHttp2Server server =
                new ScriptedHttp2Server(new Http2Settings(), (n, streamId) -> n % 10 == 0 ? new PingFirst(OK) : OK)) {
            RunResult result = run(h2c(server, 1, 100, 3));

            assertThat(server.pings()).isEqualTo(10);
            // The last ACK may still be on its way to the server when the run ends.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.pingAcks() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.pingAcks()).isEqualTo(10);
            assertThat(result.requests()).isEqualTo(100);
            assertThat(result.totalErrors()).isZero();
        }
    }

    /** With SETTINGS_MAX_CONCURRENT_STREAMS of 1, ten streams per connection still means one at a time. */
    @Test
    void maxConcurrentStreamsOfTheServerCapsTheStreams() throws Exception {
        try (ScriptedHttp2Server server = new ScriptedHttp2Server(
                new Http2Settings().maxConcurrentStreams(1), (n, streamId) -> new Respond(200, 10, 1))) {
            RunResult result = run(h2c(server, 2, 200, 10));

            assertThat(result.requests()).isEqualTo(200).isEqualTo(server.responses());
            assertThat(result.totalErrors()).isZero();
            List<ConnectionCounts> runConnections =
                    server.connections().subList(1, server.connections().size());
            assertThat(runConnections)
                    .hasSize(2)
                    .allSatisfy(c -> assertThat(c.maxConcurrentStreams.get()).isEqualTo(1));
        }
    }

    /**
     * The server's window of 1 KiB makes the 4 KiB request bodies wait for WINDOW_UPDATEs; its 1 MiB responses
     * make the client return window again and again. Everything completes, and the client read exactly the bytes
     * the server wrote on the run's connections.
     */
    @Test
    void tinyFlowControlWindowAndLargeResponsesComplete() throws Exception {
        try (ScriptedHttp2Server server = new ScriptedHttp2Server(
                new Http2Settings().initialWindowSize(1024), (n, streamId) -> new Respond(200, 1 << 20, 0))) {
            RunSpec spec = LoadRuns.withStreams(
                    LoadRuns.spec(server.uri("/").toString(), "POST", List.of(), new byte[4096], 1, 2, 0, 40, 10_000),
                    4);
            RunResult result = run(spec);

            assertThat(result.requests()).isEqualTo(40).isEqualTo(server.responses());
            assertThat(result.totalErrors()).isZero();
            long written = server.connections().subList(1, server.connections().size()).stream()
                    .mapToLong(c -> c.bytesWritten.get())
                    .sum();
            assertThat(result.bytesRead()).isGreaterThan(40L << 20).isEqualTo(written);
        }
    }

    /** A server that accepts and then says nothing: the preflight gives up after the timeout, naming why. */
    @Test
    void serverThatNeverSendsSettingsFailsThePreflight() throws Exception {
        try (RawServer server = new RawServer(out -> {})) {
            RunSpec spec = LoadRuns.countBounded(server.url(), 1, 1, 10, 500);
            try (LoadRun run = LoadRuns.open(spec, "--h2c")) {
                assertThatThrownBy(run::preflight)
                        .isInstanceOf(StartException.class)
                        .hasMessageContaining("no HTTP/2 SETTINGS from the server within the timeout");
            }
        }
    }

    /** An HTTP/1.1 server on an --h2c URL answers the preface with an HTTP/1.1 response; the preflight says so. */
    @Test
    void http11ServerOnAnH2cUrlFailsThePreflight() throws Exception {
        try (RawServer server = new RawServer(out -> {
            try {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        })) {
            RunSpec spec = LoadRuns.countBounded(server.url(), 1, 1, 10, 2000);
            try (LoadRun run = LoadRuns.open(spec, "--h2c")) {
                assertThatThrownBy(run::preflight)
                        .isInstanceOf(StartException.class)
                        .hasMessageContaining("answered in HTTP/1.x");
            }
        }
    }

    /** An HTTP/2-only server reached as HTTP/1.1: its unasked SETTINGS give it away in the preflight. */
    @Test
    void http2OnlyServerWithoutHttp2OptionsFailsThePreflightWithAHint() throws Exception {
        try (ScriptedHttp2Server server = new ScriptedHttp2Server(new Http2Settings(), (n, streamId) -> OK)) {
            RunSpec spec = LoadRuns.countBounded(server.uri("/").toString(), 1, 1, 10, 2000);
            try (LoadRun run = LoadRuns.open(spec)) {
                assertThatThrownBy(run::preflight)
                        .isInstanceOf(StartException.class)
                        .hasMessageContaining("the server speaks only HTTP/2")
                        .hasMessageContaining("use --h2c for http:// or --http2 for https://");
            }
        }
    }

    /** Accepts connections on 127.0.0.1, hands each first read to {@code reply}, and keeps them open. */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread thread;

        RawServer(Consumer<OutputStream> reply) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(
                    () -> {
                        try {
                            while (true) {
                                Socket accepted = socket.accept();
                                InputStream in = accepted.getInputStream();
                                if (in.read(new byte[4096]) > 0) {
                                    reply.accept(accepted.getOutputStream());
                                }
                            }
                        } catch (IOException e) {
                            // Closed by the test.
                        }
                    },
                    "raw-server");
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
