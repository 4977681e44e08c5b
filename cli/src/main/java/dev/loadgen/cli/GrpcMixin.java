package dev.loadgen.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The gRPC options of the main command (ghz's names where wrk's letters leave them free). */
final class GrpcMixin {
    @Option(names = "--call", paramLabel = "SERVICE/METHOD",
            description = "gRPC: method to call, package.Service/Method (package.Service.Method works too).")
    String call;

    @Option(names = "--proto", paramLabel = "FILE", description = "gRPC: .proto file defining the method.")
    Path proto;

    @Option(names = "--import-paths", paramLabel = "DIR", split = ",",
            description = "gRPC: directories searched for the .proto file's imports (comma separated).")
    List<Path> importPaths = new ArrayList<>();

    @Option(names = "--protoset", paramLabel = "FILE",
            description = "gRPC: compiled FileDescriptorSet (protoc --descriptor_set_out --include_imports). "
                    + "Without --proto or --protoset the server's reflection service is asked.")
    Path protoset;

    @Option(names = "--reflect-metadata", paramLabel = "JSON",
            description = "gRPC: metadata sent with reflection requests, a JSON object.")
    String reflectMetadata;

    @Option(names = {"-D", "--data"}, paramLabel = "JSON",
            description = "gRPC: request message as JSON; @FILE reads a file, @- stdin. A JSON array is the "
                    + "messages of a client stream. Templates like {{.RequestNumber}} vary it per call.")
    String data;

    @Option(names = "--binary-file", paramLabel = "FILE", description = "gRPC: request message, serialized protobuf.")
    Path binaryFile;

    @Option(names = {"-m", "--metadata"}, paramLabel = "JSON",
            description = "gRPC: request metadata as a JSON object, e.g. '{\"key\":\"value\"}'; templates work.")
    String metadata;

    @Option(names = "--metadata-file", paramLabel = "FILE", description = "gRPC: request metadata from a JSON file.")
    Path metadataFile;

    @Option(names = "--stream-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "gRPC: pause between the messages of a client stream. Default: none.")
    Long streamIntervalNanos;

    @Option(names = "--stream-call-duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "gRPC: end each stream after this long (client streams half-close, server streams "
                    + "are cancelled).")
    Long streamCallDurationNanos;

    @Option(names = "--stream-call-count", paramLabel = "N", converter = CountConverter.class,
            description = "gRPC: messages a client stream sends (or a server stream receives) before it ends.")
    Long streamCallCount;

    @Option(names = "--cacert", paramLabel = "FILE", description = "grpcs: PEM certificates to trust.")
    Path caCert;

    @Option(names = "--cert", paramLabel = "FILE", description = "grpcs: PEM client certificate (mutual TLS).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "grpcs: PEM private key of --cert.")
    Path key;

    @Option(names = "--authority", paramLabel = "NAME",
            description = "gRPC: :authority header and TLS server name. Default: the URL's host:port.")
    String authority;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "gRPC: report layout, wrk (default) or ghz (ghz's summary).")
    String format;

    /** Whether any option of this mixin was given. */
    boolean anyGiven() {
        return call != null || proto != null || !importPaths.isEmpty() || protoset != null || reflectMetadata != null
                || data != null || binaryFile != null || metadata != null || metadataFile != null
                || streamIntervalNanos != null || streamCallDurationNanos != null || streamCallCount != null
                || caCert != null || cert != null || key != null || authority != null || format != null;
    }
}
