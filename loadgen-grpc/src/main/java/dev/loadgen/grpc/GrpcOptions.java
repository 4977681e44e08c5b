package dev.loadgen.grpc;

import java.nio.file.Path;
import java.util.List;

/**
 * The gRPC side of a run, as the command line gives it. Files are read and checked by {@link GrpcDriver#create}.
 *
 * @param call               {@code package.Service/Method} (or {@code package.Service.Method})
 * @param proto              .proto file, or null
 * @param importPaths        directories searched for imports of {@code proto}
 * @param protoset           serialized FileDescriptorSet, or null; with neither, server reflection is used
 * @param reflectMetadata    JSON object of metadata sent with reflection requests, or null
 * @param data               request data as JSON, or null
 * @param binaryData         one serialized request message, or null
 * @param metadata           JSON object of request metadata (may hold templates), or null
 * @param concurrentCalls    calls in flight at once over all connections
 * @param streamIntervalNanos   pause between the messages a client stream sends; 0 for none
 * @param streamCallDurationNanos  end each stream after this long; 0 for no limit
 * @param streamCallCount    messages a client stream sends, or a server stream receives, before the call ends; 0 for
 *                           no limit
 * @param caCert             PEM trust roots for grpcs, or null for the system's
 * @param cert               PEM client certificate for mutual TLS, or null
 * @param key                PEM private key of {@code cert}, or null
 * @param authority          :authority (and TLS server name) to send, or null for the URL's host:port
 * @param gzip               whether request messages go gzip-compressed ({@code --compression gzip})
 * @param maxReceiveMessageBytes the largest response message a call accepts; a larger one fails the call with
 *                           RESOURCE_EXHAUSTED
 */
// Never compared nor hashed, so equals and hashCode by array identity do no harm.
@SuppressWarnings("ArrayRecordComponent")
public record GrpcOptions(
        String call,
        Path proto,
        List<Path> importPaths,
        Path protoset,
        String reflectMetadata,
        String data,
        byte[] binaryData,
        String metadata,
        int concurrentCalls,
        long streamIntervalNanos,
        long streamCallDurationNanos,
        long streamCallCount,
        Path caCert,
        Path cert,
        Path key,
        String authority,
        boolean gzip,
        int maxReceiveMessageBytes) {
    /** gRPC's clients' default limit on a received message: 4 MiB. */
    public static final int DEFAULT_MAX_RECEIVE_MESSAGE_BYTES = 4 << 20;

    public GrpcOptions {
        importPaths = importPaths == null ? List.of() : List.copyOf(importPaths);
    }

    /** Options without compression and with the default receive limit. */
    public GrpcOptions(
            String call,
            Path proto,
            List<Path> importPaths,
            Path protoset,
            String reflectMetadata,
            String data,
            byte[] binaryData,
            String metadata,
            int concurrentCalls,
            long streamIntervalNanos,
            long streamCallDurationNanos,
            long streamCallCount,
            Path caCert,
            Path cert,
            Path key,
            String authority) {
        this(
                call,
                proto,
                importPaths,
                protoset,
                reflectMetadata,
                data,
                binaryData,
                metadata,
                concurrentCalls,
                streamIntervalNanos,
                streamCallDurationNanos,
                streamCallCount,
                caCert,
                cert,
                key,
                authority,
                false,
                DEFAULT_MAX_RECEIVE_MESSAGE_BYTES);
    }

    /** Options for a call whose data, metadata and schema source are otherwise defaults (reflection). */
    public static GrpcOptions of(String call, String data, int concurrentCalls) {
        return new GrpcOptions(
                call, null, List.of(), null, null, data, null, null, concurrentCalls, 0, 0, 0, null, null, null, null);
    }
}
