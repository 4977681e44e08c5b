package dev.loadgen.grpc;

import dev.loadgen.core.BuiltInTarget;
import dev.loadgen.core.StartException;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in gRPC target ({@link GrpcTargetServer}) as {@code serve} and {@code demo} start it: {@code serve}
 * runs it only when its port is given; the demo calls its unary method with the schema from reflection.
 * Stateless.
 */
final class GrpcBuiltInTarget implements BuiltInTarget {
    private static final String DEMO_DATA = "{\"name\":\"{{.RequestNumber}}\"}";
    /** The built-in target's schema as a .proto file, with an import of a well-known type as users' files have. */
    private static final String TARGET_PROTO = String.join(
            "\n",
            "syntax = \"proto3\";",
            "package loadgen.target;",
            "import \"google/protobuf/timestamp.proto\";",
            "message Request { string name = 1; int32 size = 2; int32 responses = 3; bytes payload = 4; }",
            "message Reply { string message = 1; bytes payload = 2; }",
            "message Unused { google.protobuf.Timestamp at = 1; }",
            "service Target {",
            "  rpc Unary (Request) returns (Reply);",
            "  rpc ClientStream (stream Request) returns (Reply);",
            "  rpc ServerStream (Request) returns (stream Reply);",
            "  rpc Bidi (stream Request) returns (stream Reply);",
            "}",
            "");

    @Override
    public List<String> portOptionNames() {
        return List.of("--grpc-port");
    }

    @Override
    public int defaultPort() {
        return -1;
    }

    @Override
    public String portDescription() {
        return "Also serve the built-in gRPC target (service " + GrpcTargetServer.SERVICE + ", reflection on; "
                + "metadata 'delay: 10ms' and 'status: UNAVAILABLE' shape answers) on this port of --host; 0 picks "
                + "a free one.";
    }

    @Override
    public Running start(String host, int port, int threads) throws StartException {
        GrpcTargetServer server = new GrpcTargetServer(host, port);
        server.start();
        return new Running() {
            @Override
            public URI uri() {
                return server.uri();
            }

            @Override
            public String listeningLine() {
                return "gRPC on " + server.uri() + " (" + GrpcTargetServer.SERVICE
                        + "/Unary, ClientStream, ServerStream, Bidi; reflection on)";
            }

            @Override
            public String servedLine() {
                return "The built-in gRPC target handled " + server.calls() + " calls.";
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }

    /** One run over server reflection, one from a .proto file. */
    @Override
    public List<List<String>> trainingRuns(URI target, Path scratch) throws IOException {
        Path proto = Files.writeString(scratch.resolve("target.proto"), TARGET_PROTO, StandardCharsets.UTF_8);
        List<String> reflection = new ArrayList<>(demoArguments());
        reflection.add(target.toString());
        return List.of(
                reflection,
                List.of(
                        "--proto",
                        proto.toString(),
                        "--call",
                        GrpcTargetServer.SERVICE + "/Unary",
                        "-D",
                        "{\"name\":\"training\"}",
                        target.toString()));
    }

    @Override
    public String demoPath() {
        return "";
    }

    @Override
    public String demoIntroduction() {
        return GrpcTargetServer.SERVICE + "/Unary with data " + DEMO_DATA + ", schema by server reflection";
    }

    @Override
    public List<String> demoArguments() {
        return List.of("--call", GrpcTargetServer.SERVICE + "/Unary", "-D", DEMO_DATA);
    }
}
