package dev.loadgen.grpc.serve;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds grpc-java services from protobuf descriptors alone (no generated code): messages are
 * {@link DynamicMessage}s, and the descriptors are attached so that server reflection serves them.
 */
public final class DynamicServices {
    private DynamicServices() {}

    /** A marshaller of {@code type} as {@link DynamicMessage}. */
    public static MethodDescriptor.Marshaller<DynamicMessage> marshaller(Descriptors.Descriptor type) {
        return new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(DynamicMessage value) {
                return new ByteArrayInputStream(value.toByteArray());
            }

            @Override
            public DynamicMessage parse(InputStream stream) {
                try {
                    return DynamicMessage.parseFrom(type, stream);
                } catch (InvalidProtocolBufferException e) {
                    throw Status.INTERNAL
                            .withDescription("cannot parse " + type.getFullName())
                            .withCause(e)
                            .asRuntimeException();
                } catch (IOException e) {
                    throw Status.INTERNAL.withCause(e).asRuntimeException();
                }
            }
        };
    }

    /** The gRPC method descriptor of {@code method}, carrying the protobuf descriptor for reflection. */
    public static MethodDescriptor<DynamicMessage, DynamicMessage> method(Descriptors.MethodDescriptor method) {
        MethodDescriptor.MethodType type = method.isClientStreaming()
                ? (method.isServerStreaming()
                        ? MethodDescriptor.MethodType.BIDI_STREAMING
                        : MethodDescriptor.MethodType.CLIENT_STREAMING)
                : (method.isServerStreaming()
                        ? MethodDescriptor.MethodType.SERVER_STREAMING
                        : MethodDescriptor.MethodType.UNARY);
        return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(
                        method.getService().getFullName(), method.getName()))
                .setRequestMarshaller(marshaller(method.getInputType()))
                .setResponseMarshaller(marshaller(method.getOutputType()))
                .setSchemaDescriptor(new MethodSchema(method))
                .build();
    }

    /**
     * A service whose methods are handled by {@code handlers} (by method name); every method of the service
     * needs one.
     */
    public static ServerServiceDefinition service(
            Descriptors.ServiceDescriptor service,
            Function<
                            MethodDescriptor<DynamicMessage, DynamicMessage>,
                            ServerCallHandler<DynamicMessage, DynamicMessage>>
                    handlers) {
        ServiceDescriptor.Builder descriptor =
                ServiceDescriptor.newBuilder(service.getFullName()).setSchemaDescriptor(new ServiceSchema(service));
        Map<String, MethodDescriptor<DynamicMessage, DynamicMessage>> methods = new java.util.LinkedHashMap<>();
        for (Descriptors.MethodDescriptor method : service.getMethods()) {
            MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod = method(method);
            methods.put(method.getName(), grpcMethod);
            descriptor.addMethod(grpcMethod);
        }
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor.build());
        for (MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod : methods.values()) {
            definition.addMethod(grpcMethod, handlers.apply(grpcMethod));
        }
        return definition.build();
    }

    private static final class ServiceSchema implements ProtoServiceDescriptorSupplier {
        private final Descriptors.ServiceDescriptor service;

        ServiceSchema(Descriptors.ServiceDescriptor service) {
            this.service = service;
        }

        @Override
        public Descriptors.FileDescriptor getFileDescriptor() {
            return service.getFile();
        }

        @Override
        public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return service;
        }
    }

    private static final class MethodSchema implements ProtoMethodDescriptorSupplier {
        private final Descriptors.MethodDescriptor method;

        MethodSchema(Descriptors.MethodDescriptor method) {
            this.method = method;
        }

        @Override
        public Descriptors.FileDescriptor getFileDescriptor() {
            return method.getFile();
        }

        @Override
        public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return method.getService();
        }

        @Override
        public Descriptors.MethodDescriptor getMethodDescriptor() {
            return method;
        }
    }
}
