package dev.loadgen.grpc;

import com.google.protobuf.Descriptors;
import dev.loadgen.core.Connection;
import dev.loadgen.core.Driver;
import dev.loadgen.core.ExchangeListener;
import dev.loadgen.core.InputException;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.StartException;
import dev.loadgen.core.StatsSchema;
import dev.loadgen.core.Transport;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * gRPC over grpc-netty on the engine's own event loops: every {@link GrpcConnection} is one HTTP/2 connection (a
 * {@link ManagedChannel} bound to the connection's loop, with a direct executor, so calls start and complete on
 * that loop). Created on the caller's thread; the schema comes from the options, or from server reflection in
 * {@link #preflight}.
 */
public final class GrpcDriver implements Driver {
    /** The least time the first connection and the reflection lookup get before a run is declared unable to start. */
    private static final long PREFLIGHT_MIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final RunSpec run;
    private final Transport transport;
    private final GrpcOptions options;
    /** Unresolved until {@link #resolve}, which replaces it with the resolved address. */
    private volatile InetSocketAddress address;

    private final String authority;
    private final SslContext sslContext;
    private final MetadataSource metadata;
    private final MetadataSource reflectMetadata;
    private final ConcurrentLinkedQueue<Integer> capacities = new ConcurrentLinkedQueue<>();
    private final AtomicLong requestNumbers = new AtomicLong();
    private final AtomicLong workerIds = new AtomicLong();
    private volatile Prepared prepared;

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
            MetadataSource metadata,
            MetadataSource reflectMetadata) {
        this.run = run;
        this.transport = transport;
        this.options = options;
        this.address = address;
        this.authority = authority;
        this.sslContext = sslContext;
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
        SslContext ssl = tls ? sslContext(options, run.target().insecure()) : null;
        GrpcDriver driver = new GrpcDriver(
                run,
                transport,
                options,
                address,
                authority,
                ssl,
                MetadataSource.parse(options.metadata(), "--metadata"),
                MetadataSource.parse(options.reflectMetadata(), "--reflect-metadata"));
        ProtoSchema schema = null;
        if (options.protoset() != null) {
            schema = ProtoFiles.protoset(options.protoset());
        } else if (options.proto() != null) {
            schema = ProtoFiles.proto(options.proto(), options.importPaths());
        }
        if (schema != null) {
            driver.prepared = driver.prepare(schema);
        }
        return driver;
    }

    private static SslContext sslContext(GrpcOptions options, boolean insecure) throws InputException {
        if ((options.cert() == null) != (options.key() == null)) {
            throw new InputException("--cert and --key go together (client certificate and its private key)");
        }
        for (var file : new java.nio.file.Path[] {options.caCert(), options.cert(), options.key()}) {
            if (file != null && !Files.isReadable(file)) {
                throw new InputException("cannot read '" + file + "': no such file");
            }
        }
        try {
            SslContextBuilder builder = GrpcSslContexts.forClient();
            if (insecure) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (options.caCert() != null) {
                builder.trustManager(options.caCert().toFile());
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
        ManagedChannel channel = newChannel(loop);
        long startupNanos = Math.max(timeoutNanos, PREFLIGHT_MIN_NANOS);
        try {
            awaitReady(channel, startupNanos);
            Metadata headers = reflectMetadata.forCall(new Template.CallData(0, 0, "", "", ""));
            ProtoSchema schema =
                    new ReflectionClient(channel, headers, startupNanos).schemaFor(CallName.split(options.call())[0]);
            prepared = prepare(schema);
        } catch (InputException e) {
            throw new StartException(e.getMessage(), e);
        } finally {
            channel.shutdownNow();
        }
    }

    /** One HTTP/2 connection, opened and closed: the run's connections will open the same way. */
    @Override
    public void preflight(EventLoop loop, long timeoutNanos) throws StartException {
        ManagedChannel channel = newChannel(loop);
        try {
            awaitReady(channel, Math.max(timeoutNanos, PREFLIGHT_MIN_NANOS));
        } finally {
            channel.shutdownNow();
        }
    }

    private void awaitReady(ManagedChannel channel, long timeoutNanos) throws StartException {
        long deadline = System.nanoTime() + timeoutNanos;
        ConnectivityState state = channel.getState(true);
        while (state != ConnectivityState.READY) {
            if (state == ConnectivityState.TRANSIENT_FAILURE) {
                throw new StartException(connectFailure(channel));
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

    /** The reason of a failed connection: a fail-fast probe call carries it, and never reaches a server. */
    private String connectFailure(ManagedChannel channel) {
        MethodDescriptor<byte[], Object> probe =
                GrpcConnection.methodDescriptor("loadgen.Probe/Probe", MethodDescriptor.MethodType.UNARY, null);
        ClientCall<byte[], Object> call =
                channel.newCall(probe, CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS));
        java.util.concurrent.CompletableFuture<Status> closed = new java.util.concurrent.CompletableFuture<>();
        call.start(
                new ClientCall.Listener<>() {
                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        closed.complete(status);
                    }
                },
                new Metadata());
        call.cancel("probe", null);
        Status status;
        try {
            status = closed.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            status = Status.UNAVAILABLE;
        }
        Throwable cause = status.getCause();
        // A certificate that fails verification is an SSLException caused by a certificate exception: the TLS
        // layer is anywhere in the chain, the clearest reason at its end.
        boolean tls = false;
        while (cause != null) {
            tls |= cause instanceof javax.net.ssl.SSLException
                    || cause.getClass().getName().contains("ssl");
            if (cause.getCause() == null) {
                break;
            }
            cause = cause.getCause();
        }
        String target = address.getHostString() + ":" + address.getPort();
        if (tls) {
            return "TLS handshake with " + target + " failed: " + cause.getMessage();
        }
        if (cause instanceof java.net.ConnectException
                || (cause != null
                        && cause.getMessage() != null
                        && cause.getMessage().toLowerCase(Locale.ROOT).contains("refused"))) {
            return "cannot connect to " + target + ": connection refused";
        }
        String reason = cause != null && cause.getMessage() != null
                ? cause.getMessage()
                : status.getDescription() != null
                        ? status.getDescription()
                        : status.getCode().toString();
        return "cannot connect to " + target + ": " + reason;
    }

    /** A channel of exactly one HTTP/2 connection, on {@code loop}, delivering every callback on it. */
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
        Prepared ready = prepared;
        if (ready == null) {
            throw new IllegalStateException("the schema is not known yet; call preflight first");
        }
        Integer capacity = capacities.poll();
        return new GrpcConnection(
                this, loop, listener, ready, capacity == null ? run.inFlightPerConnection() : capacity, (int)
                        workerIds.getAndIncrement());
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
    long deadlineNanos() {
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
}
