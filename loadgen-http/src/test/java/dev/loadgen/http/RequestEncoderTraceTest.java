package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.trace.Traceparent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The traced HTTP/1.1 request: the request with a traceparent header right after its request line. */
class RequestEncoderTraceTest {
    @Test
    void theTraceparentHeaderFollowsTheRequestLineAndItsValueIsWrittenInPlace() {
        byte[] request = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] traced = RequestEncoder.withTraceparent(request);
        int offset = RequestEncoder.traceparentOffset(request);
        Traceparent.set(traced, offset, 1, 2, 3);
        assertThat(new String(traced, StandardCharsets.ISO_8859_1))
                .isEqualTo("GET /x HTTP/1.1\r\ntraceparent: " + Traceparent.format(1, 2, 3) + "\r\nHost: a\r\n\r\n");
    }
}
