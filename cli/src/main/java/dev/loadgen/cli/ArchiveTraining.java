package dev.loadgen.cli;

import dev.loadgen.core.StartException;
import dev.loadgen.grpc.serve.GrpcTargetServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The training run behind the launcher's class-data archive: a JVM started with
 * {@code -XX:ArchiveClassesAtExit} runs this once per build, so that the classes a user's run loads are mapped
 * from the archive instead of being found, read and verified in the jars each time. It exercises the paths whose
 * classes matter at start: an HTTP run, a gRPC run over server reflection and a gRPC run from a .proto source
 * (with an import of a well-known type), each for a fraction of a second against the built-in targets on
 * 127.0.0.1, with every report thrown away. Single-threaded; the exit code is 0 whatever happened, since a failed
 * training only makes a smaller archive (Main.execute never throws; the .proto part's own failures are caught).
 */
public final class ArchiveTraining {
    private static final String TARGET_PROTO = String.join("\n",
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

    private ArchiveTraining() {
    }

    public static void main(String[] args) {
        Main.quietNettyDefaults();
        PrintWriter discard =
                new PrintWriter(new OutputStreamWriter(OutputStream.nullOutputStream(), StandardCharsets.UTF_8), true);
        run(discard, "demo", "-t", "1", "-c", "1", "-d", "200ms");
        run(discard, "demo", "--grpc", "-t", "1", "-c", "1", "-d", "200ms");
        try {
            trainProtoRun(discard);
        } catch (IOException | StartException | RuntimeException e) {
            // Only the archive is smaller for it; the launcher runs without what this part would have added.
        }
        System.exit(0);
    }

    private static void trainProtoRun(PrintWriter discard) throws IOException, StartException {
        Path dir = Files.createTempDirectory("loadgen-training");
        Path proto = dir.resolve("target.proto");
        try (GrpcTargetServer server = new GrpcTargetServer("127.0.0.1", 0)) {
            Files.writeString(proto, TARGET_PROTO, StandardCharsets.UTF_8);
            server.start();
            run(discard, "-t", "1", "-c", "1", "-d", "200ms", "--proto", proto.toString(),
                    "--call", GrpcTargetServer.SERVICE + "/Unary", "-D", "{\"name\":\"training\"}",
                    server.uri().toString());
        } finally {
            deleteQuietly(proto);
            deleteQuietly(dir);
        }
    }

    private static void run(PrintWriter discard, String... args) {
        Main.execute(args, discard, discard);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover file in the temporary directory costs nothing; the archive is what matters.
        }
    }
}
