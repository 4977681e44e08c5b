package dev.loadgen.grpc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The gRPC options of the main command as picocli fills them in (ghz's names where wrk's letters leave them free);
 * {@link GrpcProtocol#prepare} checks them and turns them into {@link GrpcOptions}. The command line's thread only.
 */
public final class GrpcFlags {
    @Option(
            names = "--call",
            paramLabel = "SERVICE/METHOD",
            description = "Method to call, package.Service/Method (package.Service.Method works too).")
    String call;

    @Option(names = "--proto", paramLabel = "FILE", description = ".proto file defining the method.")
    Path proto;

    @Option(
            names = "--import-paths",
            paramLabel = "DIR",
            split = ",",
            description = "Directories searched for the .proto file's imports (comma separated).")
    List<Path> importPaths = new ArrayList<>();

    @Option(
            names = "--protoset",
            paramLabel = "FILE",
            description = "Compiled FileDescriptorSet (protoc --descriptor_set_out --include_imports). "
                    + "Without --proto or --protoset the server's reflection service is asked.")
    Path protoset;

    @Option(
            names = "--reflect-metadata",
            paramLabel = "JSON",
            description = "Metadata sent with reflection requests, a JSON object.")
    String reflectMetadata;

    @Option(
            names = {"-D", "--data"},
            paramLabel = "JSON",
            description = "Request message as JSON; @FILE reads a file, @- stdin. A JSON array is the "
                    + "messages of a client stream. Templates like {{.RequestNumber}} vary it per call.")
    String data;

    @Option(names = "--binary-file", paramLabel = "FILE", description = "Request message, serialized protobuf.")
    Path binaryFile;

    @Option(
            names = {"-m", "--metadata"},
            paramLabel = "JSON",
            description = "Request metadata as a JSON object, e.g. '{\"key\":\"value\"}'; templates work.")
    String metadata;

    @Option(names = "--metadata-file", paramLabel = "FILE", description = "Request metadata from a JSON file.")
    Path metadataFile;

    @Option(
            names = "--stream-interval",
            paramLabel = "DURATION",
            description = "Pause between the messages of a client stream. Default: none.")
    String streamInterval;

    @Option(
            names = "--stream-call-duration",
            paramLabel = "DURATION",
            description =
                    "End each stream after this long (client streams half-close, server streams " + "are cancelled).")
    String streamCallDuration;

    @Option(
            names = "--stream-call-count",
            paramLabel = "N",
            description = "Messages a client stream sends (or a server stream receives) before it ends.")
    String streamCallCount;

    @Option(names = "--cacert", paramLabel = "FILE", description = "grpcs: PEM certificates to trust.")
    Path caCert;

    @Option(names = "--cert", paramLabel = "FILE", description = "grpcs: PEM client certificate (mutual TLS).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "grpcs: PEM private key of --cert.")
    Path key;

    @Option(
            names = "--authority",
            paramLabel = "NAME",
            description = ":authority header and TLS server name. Default: the URL's host:port.")
    String authority;

    @Option(
            names = "--compression",
            paramLabel = "NAME",
            description = "Compress request messages: gzip, or identity (default: none).")
    String compression;

    @Option(
            names = {"-e", "--enable-compression"},
            description = "Same as --compression gzip (ghz's flag).")
    boolean enableCompression;

    @Option(
            names = "--max-recv-message-size",
            paramLabel = "SIZE",
            description = "Largest response message a call accepts, in bytes (suffixes KiB, MiB); a larger one fails "
                    + "the call with ResourceExhausted. Default: 4MiB.")
    String maxRecvMessageSize;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "Report layout, wrk (default) or ghz (ghz's summary).")
    String format;
}
