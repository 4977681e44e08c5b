package dev.loadgen.cli;

import static dev.loadgen.cli.BadInputTest.assertOneLineError;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HTTP/2 options that do not make a run end in one line and exit code 2 before any connection; a server that
 * does not speak what the options ask for ends in one line and exit code 1 at the preflight. Nothing is
 * written to stdout either way.
 */
class Http2BadInputTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--h2c --streams 0 http://127.0.0.1:1/          | --streams must be between 1 and 1000",
                "--h2c --streams 1001 http://127.0.0.1:1/       | --streams must be between 1 and 1000",
                "--h2c -c 2000 --streams 1000 http://127.0.0.1:1/ | connections x streams (2000 x 1000) must be at most",
                "--http2 --h2c https://127.0.0.1:1/             | --http2 and --h2c cannot be used together",
                "--h2c https://127.0.0.1:1/                     | --h2c is HTTP/2 over cleartext, for http:// URLs",
                "--http2 http://127.0.0.1:1/                    | --http2 negotiates HTTP/2 through TLS, for https:// URLs",
                "--streams 4 http://127.0.0.1:1/                | --streams 4 needs HTTP/2",
                "--streams 4 https://127.0.0.1:1/               | --streams 4 needs HTTP/2",
                "--streams many --h2c http://127.0.0.1:1/       | --streams",
                "--h2c grpc://127.0.0.1:1/                      | --h2c and the other HTTP options need a http://",
            })
    void rejectsWithExitCode2(String args, String fragment) {
        CliRun run = CliRun.of(Arguments.split(args));
        assertOneLineError(run, ExitCode.INVALID_INPUT, fragment);
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
