package dev.loadgen.http;

import dev.loadgen.core.Connection;
import dev.loadgen.core.Driver;
import dev.loadgen.core.ExchangeListener;
import dev.loadgen.core.InputException;
import dev.loadgen.core.StartException;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * HTTP/1.1 over TCP, with TLS for https. The request is encoded once here; every connection writes the same
 * bytes. Created and configured on the caller's thread; {@link #open} runs on the connection's event loop.
 */
final class HttpDriver implements Driver {
    private final HttpTarget target;
    private final byte[] request;
    private final boolean headRequest;
    private final SslContext sslContext;
    private final Transport transport;
    private final long timeoutNanos;
    private volatile InetSocketAddress remote;

    /** @param timeoutNanos the run's timeout: how long a connection may take to open, and a request to complete */
    HttpDriver(TargetSpec spec, long timeoutNanos, Transport transport) throws InputException {
        this.target = HttpTarget.of(spec.uri());
        this.timeoutNanos = timeoutNanos;
        this.request = RequestEncoder.encode(spec, target);
        this.headRequest = spec.method().equals("HEAD");
        this.transport = transport;
        this.sslContext = target.tls() ? newSslContext(spec.insecure()) : null;
        this.remote = InetSocketAddress.createUnresolved(target.host(), target.port());
    }

    private static SslContext newSslContext(boolean insecure) throws InputException {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
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

    byte[] request() {
        return request;
    }

    boolean headRequest() {
        return headRequest;
    }

    SslContext sslContext() {
        return sslContext;
    }

    /** The run's timeout: how long a request may wait for its complete response. */
    long timeoutNanos() {
        return timeoutNanos;
    }

    /** A bootstrap for one connection on {@code loop}, to the address {@link #resolve} found. */
    Bootstrap bootstrap(EventLoop loop) {
        return new Bootstrap().group(loop).channel(transport.socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(timeoutNanos))))
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

    @Override
    public void preflight(EventLoop loop, long timeoutNanos) throws StartException {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        PreflightListener listener = new PreflightListener(outcome);
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
        return new HttpConnection(this, loop, listener);
    }

    @Override
    public void close() {
        // Nothing pooled outside connections: the JDK TLS context needs no release.
    }

    /** Completes with null once connected (closing the connection again), or with the failure's message. */
    private static final class PreflightListener implements ExchangeListener {
        private final CompletableFuture<String> outcome;

        PreflightListener(CompletableFuture<String> outcome) {
            this.outcome = outcome;
        }

        @Override
        public void onConnected(Connection connection) {
            connection.close();
            outcome.complete(null);
        }

        @Override
        public void onConnectFailed(Connection connection) {
            outcome.complete(((HttpConnection) connection).failureMessage());
        }

        @Override
        public void onResponse(Connection connection, long intendedNanos, long writeNanos, long endNanos, int status,
                               boolean statusIsError) {
        }

        @Override
        public void onExchangeFailed(Connection connection, long intendedNanos, long writeNanos,
                                     dev.loadgen.core.ErrorKind kind) {
        }

        @Override
        public void onBytes(long read, long written) {
        }

        @Override
        public void onClosed(Connection connection) {
        }
    }
}
