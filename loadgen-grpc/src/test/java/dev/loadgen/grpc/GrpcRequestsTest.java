package dev.loadgen.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GrpcRequestsTest {

    @Test
    void grpcTimeoutUsesTheFinestUnitThatFitsEightDigits() {
        assertThat(GrpcRequests.timeoutValue(20_000_000L)).isEqualTo("20000000n");
        assertThat(GrpcRequests.timeoutValue(2_000_000_000L)).isEqualTo("2000000u");
        assertThat(GrpcRequests.timeoutValue(200_000_000_000L)).isEqualTo("200000m");
        assertThat(GrpcRequests.timeoutValue(Long.MAX_VALUE)).isEqualTo("2562047H");
    }

    @Test
    void statusFromHttpFollowsGrpcsMapping() {
        assertThat(GrpcCall.fromHttpStatus(404)).isEqualTo(12);
        assertThat(GrpcCall.fromHttpStatus(503)).isEqualTo(14);
        assertThat(GrpcCall.fromHttpStatus(401)).isEqualTo(16);
        assertThat(GrpcCall.fromHttpStatus(500)).isEqualTo(2);
    }

    @Test
    void grpcMessageIsPercentDecodedUtf8() {
        assertThat(GrpcCall.percentDecode("caf%C3%A9 100%25 done")).isEqualTo("café 100% done");
        assertThat(GrpcCall.percentDecode("50%")).isEqualTo("50%");
    }

    @Test
    void grpcStatusIsReadWithoutAllocatingAndRejectsNonNumbers() {
        assertThat(GrpcCall.parseCode("14")).isEqualTo(14);
        assertThat(GrpcCall.parseCode("x")).isEqualTo(-1);
        assertThat(GrpcCall.parseCode("")).isEqualTo(-1);
    }

    @Test
    void gzipFramesCarryTheCompressedFlagAndLength() throws Exception {
        byte[] message = "hello hello hello hello".getBytes(StandardCharsets.UTF_8);
        byte[] framed = GrpcRequestsTest.frame(message);
        assertThat(framed[0]).isEqualTo((byte) 1);
        int length = ((framed[1] & 0xff) << 24)
                | ((framed[2] & 0xff) << 16)
                | ((framed[3] & 0xff) << 8)
                | (framed[4] & 0xff);
        assertThat(length).isEqualTo(framed.length - 5);
        byte[] body = Arrays.copyOfRange(framed, 5, framed.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            assertThat(in.readAllBytes()).isEqualTo(message);
        }
    }

    private static byte[] frame(byte[] message) throws Exception {
        GrpcOptions options = GrpcOptions.of("a.B/C", null, 1);
        com.google.protobuf.Descriptors.Descriptor type = com.google.protobuf.Empty.getDescriptor();
        GrpcDriver.Prepared prepared = new GrpcDriver.Prepared(
                null, io.grpc.MethodDescriptor.MethodType.UNARY, RequestData.empty(type), options.call());
        return new GrpcRequests(prepared, MetadataSource.parse(null, "--metadata"), false, "x:1", 1_000_000_000L, true)
                .frame(message);
    }
}
