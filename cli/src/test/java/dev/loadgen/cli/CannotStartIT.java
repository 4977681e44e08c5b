package dev.loadgen.cli;

import static dev.loadgen.cli.BadInputTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2EventAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A run that cannot start ends in one line on stderr and exit code 1, with nothing on stdout: an unknown host,
 * nothing listening, a server that does not speak what the options ask for. Real sockets and name lookups.
 */
class CannotStartIT {

    @Test
    void unknownHostCannotStart() {
        CliRun run = CliRun.of("-d", "1", "http://nonexistent.invalid/");
        assertOneLineError(run, ExitCode.CANNOT_START, "unknown host 'nonexistent.invalid'");
    }

    /** gRPC resolved the name while checking its input and exited 2; a name is the network's answer, exit 1. */
    @Test
    void unknownHostCannotStartForGrpcEither() {
        CliRun run = CliRun.of("-n", "1", "--call", "a.B/C", "grpc://nonexistent.invalid:50051");
        assertOneLineError(run, ExitCode.CANNOT_START, "unknown host 'nonexistent.invalid'");
    }

    @Test
    void nothingListeningCannotStart() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.of("-d", "1", "http://127.0.0.1:" + port + "/");
        assertOneLineError(run, ExitCode.CANNOT_START, "cannot connect to 127.0.0.1:" + port + ": Connection refused");
        assertThat(run.err()).doesNotContain("finishConnect").doesNotContain("error(");
    }

    /** An HTTP/1.1 server answers the HTTP/2 preface with an HTTP/1.1 response. */
    @Test
    void http11ServerOnAnH2cUrlCannotStart() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread thread = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    if (in.read(new byte[4096]) > 0) {
                        socket.getOutputStream()
                                .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                        in.read();
                    }
                } catch (IOException e) {
                    // The test is over.
                }
            });
            thread.setDaemon(true);
            thread.start();
            CliRun run = CliRun.of("--h2c", "-d", "1", "http://127.0.0.1:" + server.getLocalPort() + "/");
            assertOneLineError(
                    run,
                    ExitCode.CANNOT_START,
                    "the server answered in HTTP/1.x: it does not speak "
                            + "HTTP/2 with prior knowledge (h2c); leave out --h2c");
        }
    }

    /** A server speaking only HTTP/2 (prior knowledge) opens with SETTINGS, which the HTTP/1.1 preflight sees. */
    @Test
    void http2OnlyServerWithoutHttp2OptionsCannotStart() throws InterruptedException {
        Transport transport = Transport.best();
        MultiThreadIoEventLoopGroup group = transport.newGroup(1, "h2-only-server");
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverSocketChannelClass())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline()
                                    .addLast(new Http2ConnectionHandlerBuilder()
                                            .server(true)
                                            .frameListener(new Http2EventAdapter())
                                            .build());
                        }
                    })
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .sync()
                    .channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            CliRun run = CliRun.of("-d", "1", "http://127.0.0.1:" + port + "/");
            assertOneLineError(
                    run,
                    ExitCode.CANNOT_START,
                    "cannot connect to 127.0.0.1:" + port + ": the server "
                            + "speaks only HTTP/2 (it opened with HTTP/2 SETTINGS); use --h2c for http:// or --http2 for "
                            + "https://");
        } finally {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).sync();
        }
    }
}
