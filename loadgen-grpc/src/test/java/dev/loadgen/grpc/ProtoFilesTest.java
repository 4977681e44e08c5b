package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtoFilesTest {
    private static final String SERVICE = String.join(
            "\n",
            "syntax = \"proto3\";",
            "package t;",
            "import \"google/protobuf/timestamp.proto\";",
            "import \"google/protobuf/field_mask.proto\";",
            "message Req { google.protobuf.Timestamp at = 1; google.protobuf.FieldMask mask = 2; }",
            "message Rep { string s = 1; }",
            "service S { rpc M (Req) returns (Rep); }",
            "");

    @TempDir
    Path dir;

    private static Descriptor requestOf(ProtoSchema schema) throws Exception {
        return schema.method("t.S/M").getInputType();
    }

    @Test
    void wellKnownTypesResolveWithoutAnImportPath() throws Exception {
        Path proto = Files.writeString(dir.resolve("s.proto"), SERVICE);

        Descriptor request = requestOf(ProtoFiles.proto(proto, List.of()));

        assertThat(request.findFieldByName("at").getMessageType().getFullName()).isEqualTo("google.protobuf.Timestamp");
        assertThat(request.findFieldByName("at").getMessageType().findFieldByName("seconds"))
                .isNotNull();
        assertThat(request.findFieldByName("mask").getMessageType().getFullName())
                .isEqualTo("google.protobuf.FieldMask");
    }

    @Test
    void aCopyOfABundledProtoOnTheImportPathIsNotAmbiguous() throws Exception {
        Path includes = dir.resolve("include");
        Files.createDirectories(includes.resolve("google/protobuf"));
        Files.writeString(
                includes.resolve("google/protobuf/timestamp.proto"),
                String.join(
                        "\n",
                        "syntax = \"proto3\";",
                        "package google.protobuf;",
                        "message Timestamp { int64 seconds = 1; int32 nanos = 2; string zone = 3; }",
                        ""));
        Path proto = Files.writeString(dir.resolve("s.proto"), SERVICE);

        Descriptor request = requestOf(ProtoFiles.proto(proto, List.of(includes)));

        assertThat(request.findFieldByName("at").getMessageType().getFullName()).isEqualTo("google.protobuf.Timestamp");
    }

    @Test
    void onlyTheMissingBundledProtosAreCopiedAndTheCopyIsRemovedOnClose() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("google/protobuf"));
        Files.writeString(root.resolve("google/protobuf/any.proto"), "syntax = \"proto3\";\n");

        Path copy;
        try (BundledProtos protos = BundledProtos.copyMissing(List.of(root))) {
            copy = protos.directory();
            assertThat(copy).isNotNull();
            assertThat(copy.resolve("google/protobuf/any.proto")).doesNotExist();
            for (String path : BundledProtos.PATHS.keySet()) {
                if (!path.endsWith("/any.proto")) {
                    assertThat(copy.resolve(path)).isRegularFile();
                    assertThat(Files.size(copy.resolve(path))).isPositive();
                }
            }
        }
        assertThat(copy).doesNotExist();
    }

    @Test
    void nothingIsCopiedWhenTheProtoPathHoldsEveryBundledFile() throws Exception {
        Path root = dir.resolve("all");
        for (String path : BundledProtos.PATHS.keySet()) {
            Files.createDirectories(root.resolve(path).getParent());
            Files.writeString(root.resolve(path), "syntax = \"proto3\";\n");
        }

        try (BundledProtos protos = BundledProtos.copyMissing(List.of(root))) {
            assertThat(protos.directory()).isNull();
        }
    }
}
