package dev.loadgen.grpc.serve;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import dev.loadgen.core.InputException;
import dev.loadgen.core.Quantities;
import dev.loadgen.core.StartException;
import dev.loadgen.core.Transport;
import io.grpc.Context;
import io.grpc.Contexts;
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
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The built-in gRPC target: service {@code loadgen.target.Target} with one method of each call kind, server
 * reflection (v1 and v1alpha) on. Request metadata shapes the answer: {@code delay: 10ms} waits before
 * answering, {@code status: UNAVAILABLE} (a name or a number) ends the call with that status.
 *
 * <ul>
 *   <li>{@code Unary(Request) returns (Reply)}: "hello NAME", with {@code size} bytes of payload</li>
 *   <li>{@code ClientStream(stream Request) returns (Reply)}: one reply once the client half-closes</li>
 *   <li>{@code ServerStream(Request) returns (stream Reply)}: {@code responses} replies (default 5)</li>
 *   <li>{@code Bidi(stream Request) returns (stream Reply)}: one reply per request</li>
 * </ul>
 * Thread-safe; counters may be read from any thread.
 */
public final class GrpcTargetServer implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 50051;
    public static final String SERVICE = "loadgen.target.Target";

    private static final Descriptors.FileDescriptor FILE = buildFile();
    private static final Context.Key<Control> CONTROL = Context.key("loadgen-control");
    private static final Metadata.Key<String> DELAY = Metadata.Key.of("delay", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> STATUS = Metadata.Key.of("status", Metadata.ASCII_STRING_MARSHALLER);

    private final String host;
    private final int port;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private Server server;
    private MultiThreadIoEventLoopGroup group;
    private ScheduledExecutorService timer;

    private record Control(long delayNanos, Status status) {}

    public GrpcTargetServer(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The schema of the target service (for tests and for writing a protoset). */
    public static Descriptors.FileDescriptor file() {
        return FILE;
    }

    private static Descriptors.FileDescriptor buildFile() {
        DescriptorProto request = DescriptorProto.newBuilder()
                .setName("Request")
                .addField(field("name", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("size", 2, FieldDescriptorProto.Type.TYPE_INT32))
                .addField(field("responses", 3, FieldDescriptorProto.Type.TYPE_INT32))
                .addField(field("payload", 4, FieldDescriptorProto.Type.TYPE_BYTES))
                .build();
        DescriptorProto reply = DescriptorProto.newBuilder()
                .setName("Reply")
                .addField(field("message", 1, FieldDescriptorProto.Type.TYPE_STRING))
                .addField(field("payload", 2, FieldDescriptorProto.Type.TYPE_BYTES))
                .build();
        ServiceDescriptorProto service = ServiceDescriptorProto.newBuilder()
                .setName("Target")
                .addMethod(method("Unary", false, false))
                .addMethod(method("ClientStream", true, false))
                .addMethod(method("ServerStream", false, true))
                .addMethod(method("Bidi", true, true))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("loadgen/target.proto")
                .setPackage("loadgen.target")
                .setSyntax("proto3")
                .addMessageType(request)
                .addMessageType(reply)
                .addService(service)
                .build();
        try {
            return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
        } catch (Descriptors.DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto field(String name, int number, FieldDescriptorProto.Type type) {
        return FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                .setJsonName(name)
                .build();
    }

    private static MethodDescriptorProto method(String name, boolean clientStreams, boolean serverStreams) {
        return MethodDescriptorProto.newBuilder()
                .setName(name)
                .setInputType(".loadgen.target.Request")
                .setOutputType(".loadgen.target.Reply")
                .setClientStreaming(clientStreams)
                .setServerStreaming(serverStreams)
                .build();
    }

    /** Starts listening; returns the bound address (port 0 picks a free one). */
    public synchronized InetSocketAddress start() throws StartException {
        Transport transport = Transport.best();
        group = transport.newGroup(1, "loadgen-grpc-target");
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "loadgen-grpc-target-timer");
            thread.setDaemon(true);
            return thread;
        });
        Descriptors.ServiceDescriptor service = FILE.findServiceByName("Target");
        server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .bossEventLoopGroup(group)
                .workerEventLoopGroup(group)
                .channelType(transport.serverSocketChannelClass())
                .directExecutor()
                .addService(
                        ServerInterceptors.intercept(DynamicServices.service(service, this::handler), new Controls()))
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(ProtoReflectionService.newInstance())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw new StartException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
        }
        return address();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenSockets().get(0);
    }

    /** {@code grpc://host:port} of the running server. */
    public URI uri() {
        InetSocketAddress address = address();
        String hostName = address.getAddress().getHostAddress();
        if (hostName.contains(":")) {
            hostName = "[" + hostName + "]";
        }
        return URI.create("grpc://" + hostName + ":" + address.getPort());
    }

    /** Calls that reached a method of the target service. */
    public long calls() {
        return calls.get();
    }

    public long messagesReceived() {
        return messagesReceived.get();
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private final class Controls implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            Control control;
            try {
                control = control(headers);
            } catch (InputException e) {
                call.close(Status.INVALID_ARGUMENT.withDescription(e.getMessage()), new Metadata());
                return new ServerCall.Listener<>() {};
            }
            calls.incrementAndGet();
            return Contexts.interceptCall(Context.current().withValue(CONTROL, control), call, headers, next);
        }
    }

    private static Control control(Metadata headers) throws InputException {
        String delay = headers.get(DELAY);
        String status = headers.get(STATUS);
        long delayNanos = delay == null ? 0 : Quantities.parseDurationNanos(delay, TimeUnit.MILLISECONDS);
        Status outcome = Status.OK;
        if (status != null) {
            String text = status.trim();
            try {
                outcome = Status.fromCodeValue(Integer.parseInt(text));
            } catch (NumberFormatException e) {
                String wanted = text.replace("_", "").toLowerCase(Locale.ROOT);
                outcome = null;
                for (Status.Code code : Status.Code.values()) {
                    if (code.name().replace("_", "").toLowerCase(Locale.ROOT).equals(wanted)
                            || (wanted.equals("canceled") && code == Status.Code.CANCELLED)) {
                        outcome = code.toStatus();
                    }
                }
                if (outcome == null) {
                    throw new InputException("unknown status '" + status + "'");
                }
            }
            if (!outcome.isOk()) {
                outcome = outcome.withDescription("status requested by the client");
            }
        }
        return new Control(delayNanos, outcome);
    }

    private ServerCallHandler<DynamicMessage, DynamicMessage> handler(
            MethodDescriptor<DynamicMessage, DynamicMessage> method) {
        Descriptors.Descriptor replyType = FILE.findMessageTypeByName("Reply");
        switch (method.getType()) {
            case UNARY:
                return ServerCalls.asyncUnaryCall((request, responses) -> {
                    messagesReceived.incrementAndGet();
                    Control control = CONTROL.get();
                    later(control, () -> finish(control, responses, reply(replyType, request)));
                });
            case SERVER_STREAMING:
                return ServerCalls.asyncServerStreamingCall((request, responses) -> {
                    messagesReceived.incrementAndGet();
                    Control control = CONTROL.get();
                    Object wanted =
                            request.getField(request.getDescriptorForType().findFieldByName("responses"));
                    int count = (Integer) wanted > 0 ? (Integer) wanted : 5;
                    later(control, () -> {
                        if (control.status().isOk()) {
                            DynamicMessage reply = reply(replyType, request);
                            for (int i = 0; i < count; i++) {
                                messagesSent.incrementAndGet();
                                responses.onNext(reply);
                            }
                        }
                        finish(control, responses, null);
                    });
                });
            case CLIENT_STREAMING:
                return ServerCalls.asyncClientStreamingCall(responses -> {
                    Control control = CONTROL.get();
                    return new Collector(control, responses, replyType, false);
                });
            default:
                return ServerCalls.asyncBidiStreamingCall(responses -> {
                    Control control = CONTROL.get();
                    return new Collector(control, responses, replyType, true);
                });
        }
    }

    private final class Collector implements StreamObserver<DynamicMessage> {
        private final Control control;
        private final StreamObserver<DynamicMessage> responses;
        private final Descriptors.Descriptor replyType;
        private final boolean echo;
        private long received;

        Collector(
                Control control,
                StreamObserver<DynamicMessage> responses,
                Descriptors.Descriptor replyType,
                boolean echo) {
            this.control = control;
            this.responses = responses;
            this.replyType = replyType;
            this.echo = echo;
        }

        @Override
        public synchronized void onNext(DynamicMessage request) {
            messagesReceived.incrementAndGet();
            received++;
            if (echo && control.status().isOk()) {
                messagesSent.incrementAndGet();
                responses.onNext(reply(replyType, request));
            }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public synchronized void onCompleted() {
            DynamicMessage reply = echo
                    ? null
                    : DynamicMessage.newBuilder(replyType)
                            .setField(replyType.findFieldByName("message"), "received " + received)
                            .build();
            later(control, () -> finish(control, responses, reply));
        }
    }

    private DynamicMessage reply(Descriptors.Descriptor replyType, DynamicMessage request) {
        Descriptors.Descriptor requestType = request.getDescriptorForType();
        String name = (String) request.getField(requestType.findFieldByName("name"));
        int size = (Integer) request.getField(requestType.findFieldByName("size"));
        DynamicMessage.Builder reply =
                DynamicMessage.newBuilder(replyType).setField(replyType.findFieldByName("message"), "hello " + name);
        if (size > 0) {
            reply.setField(
                    replyType.findFieldByName("payload"), ByteString.copyFrom(new byte[Math.min(size, 16 << 20)]));
        }
        return reply.build();
    }

    private void finish(Control control, StreamObserver<DynamicMessage> responses, DynamicMessage reply) {
        try {
            if (!control.status().isOk()) {
                responses.onError(control.status().asRuntimeException());
                return;
            }
            if (reply != null) {
                messagesSent.incrementAndGet();
                responses.onNext(reply);
            }
            responses.onCompleted();
        } catch (RuntimeException e) {
            // the client cancelled (deadline, stream end) while the reply was delayed
        }
    }

    private void later(Control control, Runnable task) {
        if (control.delayNanos() <= 0) {
            task.run();
        } else {
            timer.schedule(task, control.delayNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
