package dev.loadgen.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.Tracing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The traceparent value as W3C Trace Context writes it, and the sampler's IDs and share. */
class TraceparentTest {
    private static final String FORMAT = "00-[0-9a-f]{32}-[0-9a-f]{16}-01";

    @Test
    void writesVersionTraceIdParentIdAndTheSampledFlagInLowerCaseHex() {
        assertThat(Traceparent.format(0x0af7651916cd43ddL, 0x8448eb211c80319cL, 0xb7ad6b7169203331L))
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(Traceparent.traceId(1, 2)).isEqualTo("00000000000000010000000000000002");
        assertThat(Traceparent.spanId(-1)).isEqualTo("ffffffffffffffff");
    }

    @Test
    void writesInPlaceIntoABufferWithoutMovingItsIndexes() {
        ByteBuf buffer = Unpooled.buffer(70).writeZero(70);
        Traceparent.set(buffer, 10, 0x0af7651916cd43ddL, 0x8448eb211c80319cL, 0xb7ad6b7169203331L);
        assertThat(buffer.readerIndex()).isZero();
        assertThat(buffer.writerIndex()).isEqualTo(70);
        assertThat(buffer.toString(10, Traceparent.LENGTH, StandardCharsets.US_ASCII))
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        buffer.release();
    }

    @Test
    void aFullRatioTracesEveryRequestWithNewNonZeroIds() {
        TraceSampler sampler = TraceSampler.seeded(1, 42);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(sampler.sample()).isTrue();
            String value = Traceparent.format(sampler.traceIdHigh(), sampler.traceIdLow(), sampler.spanId());
            assertThat(value).matches(FORMAT).doesNotContain("-00000000000000000000000000000000-");
            assertThat(sampler.spanId()).isNotZero();
            seen.add(value);
        }
        assertThat(seen).hasSize(10_000);
    }

    /**
     * 100,000 draws at 1%: the count is binomial with mean 1,000 and standard deviation 31.5; 6 deviations either
     * side (811 to 1,189) fail a correct sampler about once in 500 million runs.
     */
    @Test
    void aRatioTracesThatShareOfRequests() {
        TraceSampler sampler = TraceSampler.seeded(0.01, 7);
        int traced = 0;
        for (int i = 0; i < 100_000; i++) {
            if (sampler.sample()) {
                traced++;
            }
        }
        assertThat(traced).isBetween(811, 1189);
    }

    @Test
    void noSamplerWithoutTracing() {
        assertThat(TraceSampler.of(Tracing.NONE)).isNull();
        assertThat(TraceSampler.of(new Tracing(0.5, 10))).isNotNull();
    }
}
