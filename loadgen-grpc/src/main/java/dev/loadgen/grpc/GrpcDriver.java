package dev.loadgen.grpc;

import com.google.protobuf.Descriptors;
import dev.loadgen.core.Connection;
import dev.loadgen.core.Driver;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.ExchangeListener;
import dev.loadgen.core.InputException;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.StartException;
import dev.loadgen.core.StatsSchema;
import dev.loadgen.core.Tracing;
import dev.loadgen.core.Transport;
import dev.loadgen.http.Http2ClientConnection;
import dev.loadgen.http.Http2Exchange;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.bootstrap.Bootstrap;
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
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * gRPC on the project's HTTP/2 engine: every connection is an {@link Http2ClientConnection} on the engine's own
 * event loop whose slots are {@link GrpcCall}s, writing requests prepared once ({@link GrpcRequests}). grpc-java
 * stays for what it does once per run: the reflection lookup in {@link #resolve}, on a channel of its own. Created
 * on the caller's thread; the schema comes from the options, or from server reflection.
 */
public final class GrpcDriver implements Driver {
    /** The least time the first connection and the reflection lookup get before a run is declared unable to start. */
    private static final long PREFLIGHT_MIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How the engine words a failed TLS handshake; the preflight names the target in its place. */
    private static final String TLS_FAILURE = "TLS handshake failed: ";

    private final RunSpec run;
    private final Transport transport;
    private final GrpcOptions options;
    /** Unresolved until {@link #resolve}, which replaces it with the resolved address. */
    private volatile InetSocketAddress address;

    private final String authority;
    /** The TLS server name and the name the certificate must carry: the authority's host. */
    private final String serverName;
    /** For the reflection channel (grpc-java's), and for the run's connections (the engine's); null for grpc://. */
    private final SslContext sslContext;

    private final SslContext engineSslContext;
    private final MetadataSource metadata;
    private final MetadataSource reflectMetadata;
    private final ConcurrentLinkedQueue<Integer> capacities = new ConcurrentLinkedQueue<>();
    private final AtomicLong requestNumbers = new AtomicLong();
    private final AtomicLong workerIds = new AtomicLong();
    private volatile Prepared prepared;
    private volatile GrpcRequests requests;

    /** What every call of the run uses, once the schema is known. */
    record Prepared(
            Descriptors.MethodDescriptor method,
            MethodDescriptor.MethodType type,
            RequestData data,
            String fullMethodName) {}

    private GrpcDriver(
            RunSpec run,
            Transport transport,
            GrpcOptions options,
            InetSocketAddress address,
            String authority,
            SslContext sslContext,
            SslContext engineSslContext,
            MetadataSource metadata,
            MetadataSource reflectMetadata) {
        this.run = run;
        this.transport = transport;
        this.options = options;
        this.address = address;
        this.authority = authority;
        this.serverName = hostOf(authority);
        this.sslContext = sslContext;
        this.engineSslContext = engineSslContext;
        this.metadata = metadata;
        this.reflectMetadata = reflectMetadata;
        int connections = run.connections();
        int calls = Math.max(options.concurrentCalls(), connections);
        for (int i = 0; i < connections; i++) {
            capacities.add(calls / connections + (i < calls % connections ? 1 : 0));
        }
    }

    /**
     * Checks everything that can be checked without the network: target, TLS files, schema files, the method and
     * the data. The host name is resolved later, by {@link #resolve}.
     */
    public static GrpcDriver create(RunSpec run, Transport transport, GrpcOptions options) throws InputException {
        URI uri = run.target().uri();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("grpcs");
        if (!tls && !scheme.equals("grpc")) {
            throw new InputException("unsupported URL scheme '" + scheme + "' for gRPC (use grpc:// or grpcs://)");
        }
        if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
            throw new InputException("a gRPC target is grpc://host:port; the method goes in --call, not the path");
        }
        if (options.call() == null || options.call().isBlank()) {
            throw new InputException("missing --call (e.g. --call helloworld.Greeter/SayHello)");
        }
        CallName.split(options.call());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
        if (options.proto() != null && options.protoset() != null) {
            throw new InputException("--proto and --protoset cannot be used together");
        }
        if (options.data() != null && options.binaryData() != null) {
            throw new InputException("--data and --binary-file cannot be used together");
        }
        if (!tls && (options.caCert() != null || options.cert() != null || options.key() != null)) {
            throw new InputException("--cacert, --cert and --key need a grpcs:// target");
        }
        if (options.streamIntervalNanos() < 0
                || options.streamCallDurationNanos() < 0
                || options.streamCallCount() < 0) {
            throw new InputException(
                    "--stream-interval, --stream-call-duration and --stream-call-count must not be negative");
        }
        if (options.concurrentCalls() < 1) {
            throw new InputException("concurrent calls (-c) must be at least 1");
        }
        String authority = options.authority() != null
                ? options.authority()
                : (uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        if (options.maxReceiveMessageBytes() < 1) {
            throw new InputException("--max-recv-message-size must be at least 1 byte");
        }
        SslContext ssl = tls ? sslContext(options, run.target().insecure(), false) : null;
        SslContext engineSsl = tls ? sslContext(options, run.target().insecure(), true) : null;
        GrpcDriver driver = new GrpcDriver(
                run,
                transport,
                options,
                address,
                authority,
                ssl,
                engineSsl,
                MetadataSource.parse(options.metadata(), "--metadata"),
                MetadataSource.parse(options.reflectMetadata(), "--reflect-metadata"));
        ProtoSchema schema = null;
        if (options.protoset() != null) {
            schema = ProtoFiles.protoset(options.protoset());
        } else if (options.proto() != null) {
            schema = ProtoFiles.proto(options.proto(), options.importPaths());
        }
        if (schema != null) {
            driver.use(driver.prepare(schema));
        }
        return driver;
    }

    /** The host of an authority ({@code host}, {@code host:port}, {@code [v6]:port}), for TLS. */
    private static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close > 0 ? authority.substring(1, close) : authority;
        }
        int colon = authority.lastIndexOf(':');
        return colon > 0 && authority.indexOf(':') == colon ? authority.substring(0, colon) : authority;
    }

    private void use(Prepared ready) {
        requests =
                new GrpcRequests(ready, metadata, sslContext != null, authority, deadlineNanos(ready), options.gzip());
        prepared = ready;
    }

    /**
     * @param engine for the run's connections (the JDK's TLS, ALPN h2 and the host name checked as HTTPS does);
     *               otherwise for grpc-java's reflection channel
     */
    private static SslContext sslContext(GrpcOptions options, boolean insecure, boolean engine) throws InputException {
        if ((options.cert() == null) != (options.key() == null)) {
            throw new InputException("--cert and --key go together (client certificate and its private key)");
        }
        for (var file : new java.nio.file.Path[] {options.caCert(), options.cert(), options.key()}) {
            if (file != null && !Files.isReadable(file)) {
                throw new InputException("cannot read '" + file + "': no such file");
            }
        }
        try {
            SslContextBuilder builder = engine
                    ? SslContextBuilder.forClient()
                            .sslProvider(SslProvider.JDK)
                            .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                            .applicationProtocolConfig(new ApplicationProtocolConfig(
                                    ApplicationProtocolConfig.Protocol.ALPN,
                                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                                    ApplicationProtocolNames.HTTP_2))
                    : GrpcSslContexts.forClient();
            if (insecure) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
                if (engine) {
                    builder.endpointIdentificationAlgorithm(null);
                }
            } else {
                if (options.caCert() != null) {
                    builder.trustManager(options.caCert().toFile());
                }
                if (engine) {
                    builder.endpointIdentificationAlgorithm("HTTPS");
                }
            }
            if (options.cert() != null) {
                builder.keyManager(options.cert().toFile(), options.key().toFile());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InputException("invalid TLS files: " + e.getMessage());
        }
    }

    private Prepared prepare(ProtoSchema schema) throws InputException {
        Descriptors.MethodDescriptor method = schema.method(options.call());
        MethodDescriptor.MethodType type = method.isClientStreaming()
                ? (method.isServerStreaming()
                        ? MethodDescriptor.MethodType.BIDI_STREAMING
                        : MethodDescriptor.MethodType.CLIENT_STREAMING)
                : (method.isServerStreaming()
                        ? MethodDescriptor.MethodType.SERVER_STREAMING
                        : MethodDescriptor.MethodType.UNARY);
        String fullName =
                MethodDescriptor.generateFullMethodName(method.getService().getFullName(), method.getName());
        Template.CallData sample =
                new Template.CallData(1, 0, fullName, method.getService().getFullName(), method.getName());
        RequestData data;
        if (options.binaryData() != null) {
            data = RequestData.binary(method.getInputType(), options.binaryData());
        } else if (options.data() != null) {
            data = RequestData.json(
                    method.getInputType(), schema.typeRegistry(), options.data(), method.isClientStreaming(), sample);
        } else {
            data = RequestData.empty(method.getInputType());
        }
        return new Prepared(method, type, data, fullName);
    }

    /** The method being called; null until the schema is known. */
    public Prepared prepared() {
        return prepared;
    }

    /**
     * Resolves the host name and, without a schema from a file, asks the server's reflection service for it. The
     * first connection also pays for loading and compiling the HTTP/2 and TLS code; a short call deadline should
     * not turn that one-off cost into "cannot connect", so it gets at least {@link #PREFLIGHT_MIN_NANOS}.
     */
    @Override
    public void resolve(EventLoop loop, long timeoutNanos) throws StartException {
        InetSocketAddress unresolved = address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(unresolved.getHostString()), unresolved.getPort());
        } catch (UnknownHostException e) {
            throw new StartException("unknown host '" + unresolved.getHostString() + "'");
        }
        if (prepared != null) {
            return;
        }
        // A target that cannot be reached fails here, with the engine's reasons, before grpc-java's channel tries.
        preflight(loop, timeoutNanos);
        ManagedChannel channel = newChannel(loop);
        long startupNanos = Math.max(timeoutNanos, PREFLIGHT_MIN_NANOS);
        try {
            awaitReady(channel, startupNanos);
            Metadata headers = reflectMetadata.forCall(new Template.CallData(0, 0, "", "", ""));
            ProtoSchema schema =
                    new ReflectionClient(channel, headers, startupNanos).schemaFor(CallName.split(options.call())[0]);
            use(prepare(schema));
        } catch (InputException e) {
            throw new StartException(e.getMessage(), e);
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * One connection of the run's kind, opened (TCP, TLS with ALPN choosing h2, the server's SETTINGS) and closed
     * again, so that a target the run cannot reach fails here with one line rather than as every call's error.
     */
    @Override
    public void preflight(EventLoop loop, long timeoutNanos) throws StartException {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        long openNanos = Math.max(timeoutNanos, PREFLIGHT_MIN_NANOS);
        // Nothing is sent on it: its one slot needs no call.
        loop.execute(() -> connection(loop, new Preflight(outcome), openNanos, 1, () -> null, false, Tracing.NONE)
                .connect());
        String failure;
        try {
            failure = outcome.get(openNanos + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            failure = "no answer within " + TimeUnit.NANOSECONDS.toSeconds(openNanos) + "s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (ExecutionException e) {
            failure = String.valueOf(e.getCause());
        }
        if (failure != null) {
            String target = address.getHostString() + ":" + address.getPort();
            if (failure.startsWith(TLS_FAILURE)) {
                throw new StartException(
                        "TLS handshake with " + target + " failed: " + failure.substring(TLS_FAILURE.length()));
            }
            throw new StartException("cannot connect to " + target + ": "
                    + (failure.equals("Connection refused") ? "connection refused" : failure));
        }
    }

    private Http2ClientConnection connection(
            EventLoop loop,
            ExchangeListener listener,
            long openNanos,
            int capacity,
            Http2Exchange exchange,
            boolean watchesWritability,
            Tracing tracing) {
        return new Http2ClientConnection(
                loop,
                listener,
                new Bootstrap()
                        .group(loop)
                        .channel(transport.socketChannelClass())
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                                Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(openNanos))))
                        .remoteAddress(address),
                engineSslContext,
                serverName,
                address.getPort(),
                openNanos,
                prepared == null ? openNanos : deadlineNanos(prepared),
                capacity,
                exchange,
                watchesWritability,
                tracing);
    }

    /** Waits for the reflection channel; a channel that fails is left to the preflight, which says why. */
    private void awaitReady(ManagedChannel channel, long timeoutNanos) throws StartException {
        long deadline = System.nanoTime() + timeoutNanos;
        ConnectivityState state = channel.getState(true);
        while (state != ConnectivityState.READY) {
            if (state == ConnectivityState.TRANSIENT_FAILURE) {
                throw new StartException("cannot connect to " + run.target().uri() + " for server reflection");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new StartException("cannot connect to " + run.target().uri() + ": no answer within "
                        + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + "s");
            }
            CountDownLatch changed = new CountDownLatch(1);
            channel.notifyWhenStateChanged(state, changed::countDown);
            try {
                changed.await(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartException("interrupted while connecting");
            }
            state = channel.getState(true);
        }
    }

    /** A grpc-java channel of one HTTP/2 connection for the reflection lookup, on {@code loop}. */
    ManagedChannel newChannel(EventLoop loop) {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(address)
                .eventLoopGroup(loop)
                .channelType(transport.socketChannelClass(), InetSocketAddress.class)
                .directExecutor()
                .disableRetry()
                .maxInboundMessageSize(64 << 20)
                .overrideAuthority(authority)
                .userAgent("loadgen");
        if (sslContext != null) {
            builder.sslContext(sslContext).useTransportSecurity();
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }

    @Override
    public Connection open(EventLoop loop, ExchangeListener listener) {
        if (prepared == null) {
            throw new IllegalStateException("the schema is not known yet; call resolve first");
        }
        Integer polled = capacities.poll();
        int capacity = polled == null ? run.inFlightPerConnection() : polled;
        return connection(
                loop,
                listener,
                run.timeoutNanos(),
                capacity,
                new GrpcStreams(this, requests, capacity, (int) workerIds.getAndIncrement()),
                prepared.type().clientSendsOneMessage() == false,
                run.tracing());
    }

    /** A connection gone for good hands its share of the concurrent calls to its replacement. */
    void releaseCapacity(int capacity) {
        capacities.add(capacity);
    }

    long nextRequestNumber() {
        return requestNumbers.incrementAndGet();
    }

    RunSpec run() {
        return run;
    }

    GrpcOptions options() {
        return options;
    }

    MetadataSource metadata() {
        return metadata;
    }

    /**
     * The call deadline: the run's timeout, plus the stream's own duration for a streaming call bounded by time
     * (a unary call has no stream to wait for). Known once the schema is.
     */
    long deadlineNanos(Prepared prepared) {
        boolean streams = prepared.type() != MethodDescriptor.MethodType.UNARY;
        return run.timeoutNanos() + (streams ? options.streamCallDurationNanos() : 0);
    }

    /** Stream messages each way and the gap between received messages, in the core's recorder. */
    @Override
    public StatsSchema stats() {
        return CallStats.SCHEMA;
    }

    /** Channels are shut down by their connections; the driver holds nothing else that needs releasing. */
    @Override
    public void close() {}

    /** Completes with null once the connection is open (closing it again), or with why it could not open. */
    private static final class Preflight implements ExchangeListener {
        private final CompletableFuture<String> outcome;

        Preflight(CompletableFuture<String> outcome) {
            this.outcome = outcome;
        }

        @Override
        public void onConnected(Connection connection) {
            connection.close();
            outcome.complete(null);
        }

        @Override
        public void onConnectFailed(Connection connection) {
            outcome.complete(((Http2ClientConnection) connection).failureMessage());
        }

        @Override
        public void onResponse(
                Connection connection,
                long intendedNanos,
                long writeNanos,
                long endNanos,
                int status,
                ErrorKind error) {}

        @Override
        public void onExchangeFailed(Connection connection, long intendedNanos, long writeNanos, ErrorKind kind) {}

        @Override
        public void onBytes(long read, long written) {}

        @Override
        public void onClosed(Connection connection) {
            outcome.complete("connection closed by the server");
        }
    }
}
