package dev.loadgen.grpc;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import dev.loadgen.grpc.serve.DynamicServices;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import io.grpc.BindableService;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;

/**
 * A grpc-java server for tests that records what arrived: it serves {@code loadgen.target.Target} (the built-in
 * target's schema) with plain handlers, and keeps, for every call, its headers, :authority, TLS server name and
 * request messages, and the status it ended with. Reflection can be v1 and v1alpha, v1alpha only, or off; TLS is
 * on when an {@link SslContext} is given. Thread-safe: recorded calls may be read from any thread.
 *
 * <p>Answers: Unary replies "hello NAME"; ClientStream replies "received N" after the half-close; ServerStream
 * sends {@code responses} replies (default 5); Bidi echoes every message.
 */
public final class RecordingServer implements AutoCloseable {
    /** Which reflection services the server offers. */
    public enum Reflection {
        V1_AND_V1ALPHA,
        V1ALPHA_ONLY,
        NONE
    }

    /** One call as the server saw it; messages and the end are filled in while the call runs. */
    public static final class Call {
        private final String method;
        private final Metadata headers;
        private final String authority;
        private final List<String> serverNames;
        private final List<DynamicMessage> messages = new CopyOnWriteArrayList<>();
        private volatile boolean halfClosed;
        private volatile Status.Code status;

        Call(String method, Metadata headers, String authority, List<String> serverNames) {
            this.method = method;
            this.headers = headers;
            this.authority = authority;
            this.serverNames = serverNames;
        }

        /** Short method name, e.g. {@code Unary}. */
        public String method() {
            return method;
        }

        public String header(String key) {
            return headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        }

        public String authority() {
            return authority;
        }

        /** SNI host names the client sent (empty for plaintext or no SNI). */
        public List<String> serverNames() {
            return serverNames;
        }

        public List<DynamicMessage> messages() {
            return messages;
        }

        /** The {@code name} field of every request message, in arrival order. */
        public List<String> names() {
            List<String> names = new ArrayList<>();
            for (DynamicMessage message : messages) {
                names.add(
                        (String) message.getField(message.getDescriptorForType().findFieldByName("name")));
            }
            return names;
        }

        /** Whether the client half-closed its side (it ended the stream rather than cancelling it). */
        public boolean halfClosed() {
            return halfClosed;
        }

        /** The status the call ended with, or null while it runs. */
        public Status.Code status() {
            return status;
        }
    }

    private final Reflection reflection;
    private final SslContext sslContext;
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Call> reflectionCalls = new ConcurrentLinkedQueue<>();
    private Server server;

    public RecordingServer(Reflection reflection, SslContext sslContext) {
        this.reflection = reflection;
        this.sslContext = sslContext;
    }

    public RecordingServer(Reflection reflection) {
        this(reflection, null);
    }

    /** Listens on a free port of 127.0.0.1. */
    public RecordingServer start() throws IOException {
        Descriptors.ServiceDescriptor service = GrpcTargetServer.file().findServiceByName("Target");
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(loopback, 0))
                .directExecutor()
                .addService(ServerInterceptors.intercept(
                        DynamicServices.service(service, this::handler), new Recorder(calls)));
        if (reflection == Reflection.V1_AND_V1ALPHA) {
            builder.addService(ServerInterceptors.intercept(
                    ProtoReflectionServiceV1.newInstance(), new Recorder(reflectionCalls)));
        }
        if (reflection != Reflection.NONE) {
            BindableService v1alpha = ProtoReflectionService.newInstance();
            builder.addService(ServerInterceptors.intercept(v1alpha, new Recorder(reflectionCalls)));
        }
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        server = builder.build().start();
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** {@code grpc://127.0.0.1:PORT}, or {@code grpcs://} with TLS. */
    public URI uri() {
        return URI.create((sslContext == null ? "grpc" : "grpcs") + "://127.0.0.1:" + port());
    }

    /** Calls of the Target service, in the order they started. */
    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls of the reflection services; {@link Call#method()} is the full method name. */
    public List<Call> reflectionCalls() {
        return List.copyOf(reflectionCalls);
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Recorder implements ServerInterceptor {
        private final ConcurrentLinkedQueue<Call> into;

        Recorder(ConcurrentLinkedQueue<Call> into) {
            this.into = into;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> serverCall, Metadata headers, ServerCallHandler<Q, R> next) {
            MethodDescriptor<Q, R> descriptor = serverCall.getMethodDescriptor();
            String method = GrpcTargetServer.SERVICE.equals(descriptor.getServiceName())
                    ? descriptor.getBareMethodName()
                    : descriptor.getFullMethodName();
            Metadata copy = new Metadata();
            copy.merge(headers);
            Call call = new Call(method, copy, serverCall.getAuthority(), serverNames(serverCall));
            into.add(call);
            ServerCall<Q, R> recording = new ForwardingServerCall.SimpleForwardingServerCall<>(serverCall) {
                @Override
                public void close(Status status, Metadata trailers) {
                    call.status = status.getCode();
                    super.close(status, trailers);
                }
            };
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                    next.startCall(recording, headers)) {
                @Override
                public void onMessage(Q message) {
                    if (message instanceof DynamicMessage dynamic) {
                        call.messages.add(dynamic);
                    }
                    super.onMessage(message);
                }

                @Override
                public void onHalfClose() {
                    call.halfClosed = true;
                    super.onHalfClose();
                }

                @Override
                public void onCancel() {
                    if (call.status == null) {
                        call.status = Status.Code.CANCELLED;
                    }
                    super.onCancel();
                }
            };
        }

        private static List<String> serverNames(ServerCall<?, ?> call) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            List<String> names = new ArrayList<>();
            if (session instanceof ExtendedSSLSession extended) {
                for (SNIServerName name : extended.getRequestedServerNames()) {
                    if (name instanceof SNIHostName host) {
                        names.add(host.getAsciiName());
                    }
                }
            }
            return names;
        }
    }

    private ServerCallHandler<DynamicMessage, DynamicMessage> handler(
            MethodDescriptor<DynamicMessage, DynamicMessage> method) {
        Descriptors.Descriptor replyType = GrpcTargetServer.file().findMessageTypeByName("Reply");
        switch (method.getType()) {
            case UNARY:
                return ServerCalls.asyncUnaryCall((request, responses) -> {
                    responses.onNext(reply(replyType, "hello " + field(request, "name")));
                    responses.onCompleted();
                });
            case SERVER_STREAMING:
                return ServerCalls.asyncServerStreamingCall((request, responses) -> {
                    int wanted = (Integer) field(request, "responses");
                    for (int i = 0; i < (wanted > 0 ? wanted : 5); i++) {
                        responses.onNext(reply(replyType, "reply " + i));
                    }
                    responses.onCompleted();
                });
            case CLIENT_STREAMING:
                return ServerCalls.asyncClientStreamingCall((StreamObserver<DynamicMessage> responses) ->
                        new StreamObserver<DynamicMessage>() {
                            private int received;

                            @Override
                            public void onNext(DynamicMessage request) {
                                received++;
                            }

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {
                                responses.onNext(reply(replyType, "received " + received));
                                responses.onCompleted();
                            }
                        });
            default:
                return ServerCalls.asyncBidiStreamingCall((StreamObserver<DynamicMessage> responses) ->
                        new StreamObserver<DynamicMessage>() {
                            @Override
                            public void onNext(DynamicMessage request) {
                                responses.onNext(reply(replyType, "echo " + field(request, "name")));
                            }

                            @Override
                            public void onError(Throwable t) {}

                            @Override
                            public void onCompleted() {
                                responses.onCompleted();
                            }
                        });
        }
    }

    private static Object field(DynamicMessage message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    private static DynamicMessage reply(Descriptors.Descriptor replyType, String text) {
        return DynamicMessage.newBuilder(replyType)
                .setField(replyType.findFieldByName("message"), text)
                .build();
    }
}
