package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.LoadRun;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Servers that break HTTP/1.1's framing: what they send is counted as protocol errors, not read errors. */
class ProtocolErrorsIT {
    /** A response whose Content-Length is two bytes short: the last two arrive after the response ended. */
    private static final byte[] TOO_LONG =
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi!!".getBytes(StandardCharsets.US_ASCII);

    /** What an HTTP/2-only server answers an HTTP/1.1 request with: its SETTINGS and a GOAWAY, then it closes. */
    private static final byte[] HTTP2_ONLY = {
        0,
        0,
        0,
        4,
        0,
        0,
        0,
        0,
        0, // SETTINGS, empty
        0,
        0,
        8,
        7,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        1 // GOAWAY, last stream 0, PROTOCOL_ERROR
    };

    @Test
    void bytesAfterACompleteResponseAreAProtocolErrorOfThatRequest() throws Exception {
        try (RequestServer server = new RequestServer(TOO_LONG, false)) {
            RunResult result = execute(LoadRuns.countBounded(server.url(), 1, 2, 40, 2000));

            assertThat(result.errors(ErrorKind.PROTOCOL)).isEqualTo(40);
            assertThat(result.errors(ErrorKind.READ)).isZero();
            assertThat(result.requests()).isZero();
            assertThat(server.requests()).isEqualTo(40);
        }
    }

    @Test
    void anHttp2OnlyServerAnsweringHttp11IsAProtocolError() throws Exception {
        try (RequestServer server = new RequestServer(HTTP2_ONLY, true)) {
            RunResult result = execute(LoadRuns.countBounded(server.url(), 1, 2, 30, 2000));

            assertThat(result.errors(ErrorKind.PROTOCOL)).isEqualTo(30);
            assertThat(result.errors(ErrorKind.READ)).isZero();
            assertThat(server.requests()).isEqualTo(30);
        }
    }

    /** The run without its preflight, which would refuse the HTTP/2-only server before any request. */
    private static RunResult execute(RunSpec spec) throws Exception {
        try (LoadRun run = LoadRuns.open(spec)) {
            return run.execute();
        }
    }

    /** Answers every request head it reads with {@code reply}, closing the connection after it when asked. */
    private static final class RequestServer implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicLong requests = new AtomicLong();

        RequestServer(byte[] reply, boolean closeAfter) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(
                    () -> {
                        try {
                            while (true) {
                                Socket accepted = socket.accept();
                                Thread connection =
                                        new Thread(() -> serve(accepted, reply, closeAfter), "request-server");
                                connection.setDaemon(true);
                                connection.start();
                            }
                        } catch (IOException e) {
                            // Closed by the test.
                        }
                    },
                    "request-server-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Socket accepted, byte[] reply, boolean closeAfter) {
            try (accepted) {
                InputStream in = accepted.getInputStream();
                OutputStream out = accepted.getOutputStream();
                int matched = 0;
                for (int b = in.read(); b >= 0; b = in.read()) {
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
                    if (matched == 4) {
                        matched = 0;
                        requests.incrementAndGet();
                        out.write(reply);
                        out.flush();
                        if (closeAfter) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                // The client closed the connection.
            }
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/";
        }

        long requests() {
            return requests.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
