package dev.loadgen.http;

import dev.loadgen.core.Connection;
import dev.loadgen.core.Driver;
import dev.loadgen.core.ExchangeListener;
import dev.loadgen.core.InputException;
import dev.loadgen.core.StartException;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.Tracing;
import dev.loadgen.core.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * HTTP/1.1 or HTTP/2 over TCP, with TLS for https. The request is encoded once here, into one read-only copy that
 * every connection writes (HTTP/1.1), or into headers every connection sends with one shared copy of the body
 * (HTTP/2): a large body costs its size once, not once per connection. With {@code --http2} the preflight learns through ALPN
 * whether the server speaks HTTP/2; when it chooses HTTP/1.1 the whole run does ({@link #spoken()}). Created and
 * configured on the caller's thread; {@link #open} runs on the connection's event loop.
 */
final class HttpDriver implements Driver {
    private final HttpTarget target;
    /** The whole HTTP/1.1 request, encoded once: read-only, and read by every connection of every event loop. */
    private final ByteBuffer request;

    /** The request with a {@code traceparent} header to fill in, or null when no request is traced. */
    private final byte[] tracedRequest;

    private final int traceparentOffset;
    private final Tracing tracing;
    private final boolean headRequest;
    private final SslContext sslContext;
    private final Transport transport;
    private final long timeoutNanos;
    private final int streams;
    /** The HTTP/2 request and its TLS context (ALPN offering h2 and http/1.1); null when HTTP/2 was not asked for. */
    private final HttpOverHttp2 http2Exchange;

    private final SslContext http2SslContext;
    private volatile InetSocketAddress remote;
    private volatile WireProtocol spoken;
    private volatile String alpnChosen;

    /**
     * @param timeoutNanos the run's timeout: how long a connection may take to open, and a request to complete
     * @param asked        what the command line asked to speak; HTTP/2 over TLS may fall back to HTTP/1.1
     * @param streams      requests in flight per HTTP/2 connection
     * @param tracing      which requests carry a trace context
     */
    HttpDriver(
            TargetSpec spec, long timeoutNanos, Transport transport, WireProtocol asked, int streams, Tracing tracing)
            throws InputException {
        this.target = HttpTarget.of(spec.uri());
        this.timeoutNanos = timeoutNanos;
        byte[] head = RequestEncoder.head(spec, target);
        this.request = SharedBytes.of(head, spec.body());
        this.tracing = tracing;
        this.traceparentOffset = RequestEncoder.traceparentOffset(head);
        this.tracedRequest = tracing.enabled() ? traced(RequestEncoder.withTraceparent(head), spec.body()) : null;
        this.headRequest = spec.method().equals("HEAD");
        this.transport = transport;
        this.streams = streams;
        this.spoken = asked;
        this.sslContext = target.tls() ? newSslContext(spec.insecure(), false) : null;
        this.http2SslContext = asked == WireProtocol.H2 ? newSslContext(spec.insecure(), true) : null;
        // HTTP/2 sends the body of the same bytes: the request after its head.
        this.http2Exchange = asked.http2()
                ? HttpOverHttp2.of(
                        spec, target, request.duplicate().position(head.length).slice())
                : null;
        this.remote = InetSocketAddress.createUnresolved(target.host(), target.port());
    }

    /**
     * @param alpn offer h2 and http/1.1 through ALPN, with the cipher suites HTTP/2 allows; without it the
     *             context offers no ALPN at all, as HTTP/1.1 runs always have
     */
    private static SslContext newSslContext(boolean insecure, boolean alpn) throws InputException {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
            if (alpn) {
                builder.ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                        .applicationProtocolConfig(new ApplicationProtocolConfig(
                                ApplicationProtocolConfig.Protocol.ALPN,
                                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                ApplicationProtocolNames.HTTP_2,
                                ApplicationProtocolNames.HTTP_1_1));
            }
            if (insecure) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            } else {
                builder.endpointIdentificationAlgorithm("HTTPS");
            }
            return builder.build();
        } catch (SSLException e) {
            throw new InputException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    HttpTarget target() {
        return target;
    }

    /**
     * The encoded HTTP/1.1 request as a buffer of its own for one connection: its own indices and reference count
     * over the one copy of the bytes every connection shares. Any thread; the buffer is the caller's.
     */
    ByteBuf newRequestBuffer() {
        return SharedBytes.view(request);
    }

    /** The length of the encoded HTTP/1.1 request. */
    int requestLength() {
        return request.remaining();
    }

    /** A traced request: its head, with the {@code traceparent} header to fill in, and the body after it. */
    private static byte[] traced(byte[] head, byte[] body) {
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** The request with a {@code traceparent} header, its value at {@link #traceparentOffset()}; null untraced. */
    byte[] tracedRequest() {
        return tracedRequest;
    }

    int traceparentOffset() {
        return traceparentOffset;
    }

    Tracing tracing() {
        return tracing;
    }

    boolean headRequest() {
        return headRequest;
    }

    SslContext sslContext() {
        return sslContext;
    }

    /**
     * What the run's connections speak: what was asked for, or HTTP/1.1 once the preflight found that the server
     * does not offer HTTP/2 through ALPN. Final after {@link #preflight}.
     */
    WireProtocol spoken() {
        return spoken;
    }

    /** What ALPN chose in the preflight when the run fell back to HTTP/1.1 ("none" for nothing), or null. */
    String alpnChosen() {
        return alpnChosen;
    }

    /** The run's timeout: how long a request may wait for its complete response. */
    long timeoutNanos() {
        return timeoutNanos;
    }

    /** A bootstrap for one connection on {@code loop}, to the address {@link #resolve} found. */
    Bootstrap bootstrap(EventLoop loop) {
        return new Bootstrap()
                .group(loop)
                .channel(transport.socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos))))
                .remoteAddress(remote);
    }

    /** Resolves the host name once, so that no connection of the run waits for the resolver. */
    @Override
    public void resolve(EventLoop loop, long timeoutNanos) throws StartException {
        try {
            remote = new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
        } catch (UnknownHostException e) {
            throw new StartException("unknown host '" + target.host() + "'");
        }
    }

    /**
     * Opens one connection the way the run will and closes it again. For HTTP/2 that includes the server's
     * SETTINGS, so a server that does not speak HTTP/2 fails here. With {@code --http2}, a server whose ALPN
     * chooses anything but h2 turns the run into an HTTP/1.1 run ({@link #spoken()}). An HTTP/1.1 connection is
     * held open a little ({@link PreflightListener#onConnected}) in case the server opens with HTTP/2 SETTINGS.
     */
    @Override
    public void preflight(EventLoop loop, long timeoutNanos) throws StartException {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        PreflightListener listener = new PreflightListener(outcome, this, loop, System.nanoTime());
        loop.execute(() -> open(loop, listener).connect());
        String failure;
        try {
            failure = outcome.get(timeoutNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            failure = "timed out";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (ExecutionException e) {
            failure = String.valueOf(e.getCause());
        }
        if (failure != null) {
            throw new StartException("cannot connect to " + target.host() + ":" + target.port() + ": " + failure);
        }
    }

    @Override
    public Connection open(EventLoop loop, ExchangeListener listener) {
        WireProtocol protocol = spoken;
        if (!protocol.http2()) {
            return new HttpConnection(this, loop, listener);
        }
        return new Http2ClientConnection(
                loop,
                listener,
                bootstrap(loop),
                protocol == WireProtocol.H2 ? http2SslContext : null,
                target.host(),
                target.port(),
                timeoutNanos,
                timeoutNanos,
                streams,
                http2Exchange.forConnection(),
                false,
                tracing);
    }

    @Override
    public void close() {
        // Nothing pooled outside connections: the JDK TLS context needs no release, and the encoded request is
        // memory of the JVM's own, freed once no connection refers to it.
    }

    /**
     * Completes with null once connected (closing the connection again), or with the failure's message. An
     * HTTP/2 connection refused by ALPN completes with null too, having switched the driver to HTTP/1.1.
     */
    private static final class PreflightListener implements ExchangeListener {
        /** The least time an HTTP/1.1 connection is held open to see whether the server opens with HTTP/2. */
        private static final long MIN_LISTEN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

        private final CompletableFuture<String> outcome;
        private final HttpDriver driver;
        private final EventLoop loop;
        private final long startNanos;

        PreflightListener(CompletableFuture<String> outcome, HttpDriver driver, EventLoop loop, long startNanos) {
            this.outcome = outcome;
            this.driver = driver;
            this.loop = loop;
            this.startNanos = startNanos;
        }

        /**
         * An HTTP/2 connection has already had the server's SETTINGS. An HTTP/1.1 one waits twice as long as
         * connecting took (at least 20 ms), the time a server's first bytes need to arrive: a server that speaks
         * only HTTP/2 sends SETTINGS unasked, and the run would otherwise fail every request.
         */
        @Override
        public void onConnected(Connection connection) {
            if (!(connection instanceof HttpConnection)) {
                connection.close();
                outcome.complete(null);
                return;
            }
            long listenNanos = Math.max(MIN_LISTEN_NANOS, 2 * (System.nanoTime() - startNanos));
            loop.schedule(
                    () -> {
                        connection.close();
                        outcome.complete(null);
                    },
                    Math.min(listenNanos, driver.timeoutNanos),
                    TimeUnit.NANOSECONDS);
        }

        @Override
        public void onConnectFailed(Connection connection) {
            if (connection instanceof Http2ClientConnection http2) {
                if (http2.alpnChosen() != null) {
                    driver.alpnChosen = http2.alpnChosen();
                    driver.spoken = WireProtocol.HTTP_1_1;
                    outcome.complete(null);
                } else {
                    outcome.complete(http2.failureMessage());
                }
            } else {
                outcome.complete(((HttpConnection) connection).failureMessage());
            }
        }

        @Override
        public void onResponse(
                Connection connection,
                long intendedNanos,
                long writeNanos,
                long endNanos,
                int status,
                dev.loadgen.core.ErrorKind error) {}

        @Override
        public void onExchangeFailed(
                Connection connection, long intendedNanos, long writeNanos, dev.loadgen.core.ErrorKind kind) {}

        @Override
        public void onBytes(long read, long written) {}

        @Override
        public void onClosed(Connection connection) {
            if (connection instanceof HttpConnection http1 && http1.sentHttp2Settings()) {
                outcome.complete("the server speaks only HTTP/2 (it opened with HTTP/2 SETTINGS); use --h2c for "
                        + "http:// or --http2 for https://");
            } else {
                // Closed by the server before any request: the run will find out what that means.
                outcome.complete(null);
            }
        }
    }
}
