package dev.loadgen.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.Tracing;
import dev.loadgen.core.Transport;
import io.netty.buffer.ByteBuf;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request is one read-only copy that every connection writes through a view of its own. */
class SharedBytesTest {
    @Test
    void viewsShareOneReadOnlyCopyAndKeepTheirOwnIndicesAndCounts() throws Exception {
        ByteBuffer shared = SharedBytes.of("head ".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 2, 3});
        ByteBuf first = SharedBytes.view(shared);
        ByteBuf second = SharedBytes.view(shared);

        first.skipBytes(5);
        first.retain();

        assertThat(shared.isReadOnly()).isTrue();
        assertThat(first.isReadOnly()).isTrue();
        assertThat(first.readableBytes()).isEqualTo(3);
        assertThat(second.readableBytes()).isEqualTo(8);
        assertThat(first.refCnt()).isEqualTo(2);
        assertThat(second.refCnt()).isEqualTo(1);
        assertThat(first.hasMemoryAddress()).isEqualTo(second.hasMemoryAddress());
        if (first.hasMemoryAddress()) {
            assertThat(first.memoryAddress()).isEqualTo(second.memoryAddress());
        }
        first.release(2);
        second.release();
    }

    @Test
    void everyConnectionOfADriverWritesTheSameBytesWithoutACopyOfItsOwn() throws Exception {
        byte[] body = new byte[1 << 20];
        Arrays.fill(body, (byte) 'x');
        URI uri = URI.create("http://127.0.0.1:1/upload");
        HttpDriver driver = new HttpDriver(
                new TargetSpec(uri, "POST", List.of(), body, false),
                1_000_000_000L,
                Transport.nio(),
                WireProtocol.H2C,
                1,
                Tracing.NONE);

        ByteBuf one = driver.newRequestBuffer();
        ByteBuf other = driver.newRequestBuffer();

        byte[] head = RequestEncoder.head(new TargetSpec(uri, "POST", List.of(), body, false), HttpTarget.of(uri));
        assertThat(driver.requestLength()).isEqualTo(head.length + body.length);
        assertThat(one.readableBytes()).isEqualTo(driver.requestLength());
        assertThat(one.isReadOnly()).isTrue();
        if (one.hasMemoryAddress()) {
            assertThat(one.memoryAddress()).isEqualTo(other.memoryAddress());
        }
        byte[] written = new byte[one.readableBytes()];
        one.getBytes(0, written);
        assertThat(Arrays.copyOfRange(written, 0, head.length)).isEqualTo(head);
        assertThat(Arrays.copyOfRange(written, head.length, written.length)).isEqualTo(body);
        one.release();
        other.release();
        driver.close();
    }
}
