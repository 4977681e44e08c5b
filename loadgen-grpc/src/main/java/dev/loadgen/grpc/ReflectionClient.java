package dev.loadgen.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.loadgen.core.InputException;
import dev.loadgen.core.StartException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a schema from a server's reflection service (v1, falling back to v1alpha, whose messages are the
 * same on the wire). Blocks the calling thread, which must not be an event loop.
 */
final class ReflectionClient {
    private static final String V1 = "grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    private static final String V1ALPHA = "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

    private final Channel channel;
    private final Metadata metadata;
    private final long timeoutNanos;

    ReflectionClient(Channel channel, Metadata metadata, long timeoutNanos) {
        this.channel = channel;
        this.metadata = metadata;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * The files that define {@code serviceName} and everything they import.
     *
     * @throws InputException when the server has no such service
     * @throws StartException when the server offers no reflection or does not answer
     */
    ProtoSchema schemaFor(String serviceName) throws InputException, StartException {
        Status v1 = null;
        for (String method : List.of(V1, V1ALPHA)) {
            Session session = new Session(method);
            try {
                return session.schemaFor(serviceName);
            } catch (Unimplemented e) {
                v1 = v1 == null ? e.status : v1;
            } finally {
                session.close();
            }
        }
        throw new StartException("the server does not offer reflection (" + v1.getCode()
                + "); give the schema with --proto or --protoset");
    }

    private static final class Unimplemented extends Exception {
        final Status status;

        Unimplemented(Status status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    private final class Session extends ClientCall.Listener<ServerReflectionResponse> {
        private final LinkedBlockingQueue<Object> replies = new LinkedBlockingQueue<>();
        private final ClientCall<ServerReflectionRequest, ServerReflectionResponse> call;

        Session(String fullName) {
            MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method =
                    ServerReflectionGrpc.getServerReflectionInfoMethod().toBuilder()
                            .setFullMethodName(fullName)
                            .build();
            call = channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(timeoutNanos, TimeUnit.NANOSECONDS));
            Metadata headers = new Metadata();
            headers.merge(metadata);
            call.start(this, headers);
        }

        @Override
        public void onMessage(ServerReflectionResponse message) {
            replies.add(message);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            replies.add(status);
        }

        ServerReflectionResponse ask(ServerReflectionRequest request) throws Unimplemented, StartException {
            call.request(1);
            call.sendMessage(request);
            Object reply;
            try {
                reply = replies.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartException("interrupted while asking the server for its schema");
            }
            if (reply == null) {
                throw new StartException("the server's reflection service did not answer in time");
            }
            if (reply instanceof Status status) {
                if (status.getCode() == Status.Code.UNIMPLEMENTED) {
                    throw new Unimplemented(status);
                }
                throw new StartException("server reflection failed: " + GrpcStatusNames.describe(status));
            }
            return (ServerReflectionResponse) reply;
        }

        ProtoSchema schemaFor(String serviceName) throws Unimplemented, StartException, InputException {
            ServerReflectionResponse services =
                    ask(ServerReflectionRequest.newBuilder().setListServices("").build());
            List<String> names = new ArrayList<>();
            services.getListServicesResponse().getServiceList().forEach(s -> names.add(s.getName()));
            if (!names.contains(serviceName)) {
                names.sort(null);
                throw new InputException("service '" + serviceName + "' not found on the server (it has: "
                        + (names.isEmpty() ? "no services" : String.join(", ", names)) + ")");
            }
            Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
            addFiles(
                    ask(ServerReflectionRequest.newBuilder()
                            .setFileContainingSymbol(serviceName)
                            .build()),
                    files,
                    serviceName);
            ArrayDeque<String> missing = new ArrayDeque<>();
            Set<String> asked = new HashSet<>(files.keySet());
            for (FileDescriptorProto file : List.copyOf(files.values())) {
                missing.addAll(file.getDependencyList());
            }
            while (!missing.isEmpty()) {
                String name = missing.poll();
                if (!asked.add(name) || files.containsKey(name)) {
                    continue;
                }
                ServerReflectionResponse reply = ask(ServerReflectionRequest.newBuilder()
                        .setFileByFilename(name)
                        .build());
                if (reply.hasErrorResponse()) {
                    continue; // a well-known type the server does not export; ProtoSchema supplies it
                }
                int before = files.size();
                addFiles(reply, files, name);
                for (FileDescriptorProto file : List.copyOf(files.values()).subList(before, files.size())) {
                    missing.addAll(file.getDependencyList());
                }
            }
            return ProtoSchema.of(files.values());
        }

        private void addFiles(ServerReflectionResponse reply, Map<String, FileDescriptorProto> files, String what)
                throws StartException {
            if (reply.hasErrorResponse()) {
                throw new StartException("server reflection has no file for '" + what + "': "
                        + reply.getErrorResponse().getErrorMessage());
            }
            for (ByteString bytes : reply.getFileDescriptorResponse().getFileDescriptorProtoList()) {
                try {
                    FileDescriptorProto file = FileDescriptorProto.parseFrom(bytes);
                    files.putIfAbsent(file.getName(), file);
                } catch (InvalidProtocolBufferException e) {
                    throw new StartException("server reflection sent an unreadable file descriptor");
                }
            }
        }

        void close() {
            call.halfClose();
            call.cancel("schema fetched", null);
        }
    }
}
