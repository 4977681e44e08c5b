package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.StartException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server reflection: v1 first, v1alpha as the fallback, none at all, and metadata sent with it. */
class GrpcReflectionIT {
    private static final String V1 = "grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    private static final String V1ALPHA = "grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

    private static GrpcOptions options(String reflectMetadata) {
        return new GrpcOptions(
                "loadgen.target.Target/Unary",
                null,
                List.of(),
                null,
                reflectMetadata,
                "{\"name\":\"x\"}",
                null,
                null,
                2,
                0,
                0,
                0,
                null,
                null,
                null,
                null);
    }

    @Test
    void v1IsAskedWhenTheServerHasIt() throws Exception {
        try (RecordingServer server = new RecordingServer(RecordingServer.Reflection.V1_AND_V1ALPHA).start()) {
            GrpcRuns.Outcome outcome = GrpcRuns.run(GrpcRuns.spec(server.uri(), 1, 1, 2, 25, 5000), options(null));

            assertThat(outcome.result().requests()).isEqualTo(25);
            assertThat(server.calls()).hasSize(25);
            assertThat(server.reflectionCalls())
                    .extracting(RecordingServer.Call::method)
                    .containsOnly(V1);
        }
    }

    @Test
    void aServerWithOnlyV1alphaIsUsedThroughTheFallback() throws Exception {
        try (RecordingServer server = new RecordingServer(RecordingServer.Reflection.V1ALPHA_ONLY).start()) {
            GrpcRuns.Outcome outcome = GrpcRuns.run(GrpcRuns.spec(server.uri(), 1, 1, 2, 25, 5000), options(null));

            assertThat(outcome.result().requests()).isEqualTo(25);
            assertThat(outcome.result().totalErrors()).isZero();
            assertThat(server.calls()).hasSize(25);
            assertThat(server.reflectionCalls())
                    .isNotEmpty()
                    .extracting(RecordingServer.Call::method)
                    .containsOnly(V1ALPHA);
        }
    }

    @Test
    void aServerWithoutReflectionAndNoSchemaCannotStart() throws Exception {
        try (RecordingServer server = new RecordingServer(RecordingServer.Reflection.NONE).start()) {
            assertThatThrownBy(() -> GrpcRuns.run(GrpcRuns.spec(server.uri(), 1, 1, 2, 5, 5000), options(null)))
                    .isInstanceOf(StartException.class)
                    .hasMessage("the server does not offer reflection (UNIMPLEMENTED); give the schema with --proto "
                            + "or --protoset");
            assertThat(server.calls()).isEmpty();
        }
    }

    @Test
    void reflectMetadataArrivesOnTheReflectionCallOnly() throws Exception {
        try (RecordingServer server = new RecordingServer(RecordingServer.Reflection.V1ALPHA_ONLY).start()) {
            GrpcRuns.Outcome outcome = GrpcRuns.run(
                    GrpcRuns.spec(server.uri(), 1, 1, 2, 10, 5000), options("{\"authorization\":\"Bearer x\"}"));

            assertThat(outcome.result().requests()).isEqualTo(10);
            assertThat(server.reflectionCalls())
                    .isNotEmpty()
                    .allSatisfy(call -> assertThat(call.header("authorization")).isEqualTo("Bearer x"));
            assertThat(server.calls())
                    .hasSize(10)
                    .allSatisfy(call -> assertThat(call.header("authorization")).isNull());
        }
    }
}
