package dev.loadgen.http.serve;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Response bodies of any length: the greeting repeated and cut to length. Every body is a view of one shared
 * direct buffer, so no body is copied or allocated per response. The views are unreleasable: any thread may
 * duplicate and write them any number of times.
 */
final class Filler {
    /** The greeting as many whole times as fit in 64 KiB, so that chunks placed end to end repeat it seamlessly. */
    private static final ByteBuf CHUNK = chunk(64 * 1024);

    private Filler() {}

    /** A body of exactly {@code length} bytes. */
    static ByteBuf of(int length) {
        int chunkBytes = CHUNK.readableBytes();
        if (length <= chunkBytes) {
            return CHUNK.slice(0, length);
        }
        CompositeByteBuf body = Unpooled.compositeBuffer((length + chunkBytes - 1) / chunkBytes);
        for (int offset = 0; offset < length; offset += chunkBytes) {
            body.addComponent(true, CHUNK.slice(0, Math.min(chunkBytes, length - offset)));
        }
        return Unpooled.unreleasableBuffer(body);
    }

    private static ByteBuf chunk(int maxBytes) {
        byte[] greeting = ResponseShape.GREETING.getBytes(StandardCharsets.US_ASCII);
        // A JDK direct buffer is freed by the garbage collector, which suits a buffer that lives as long as the JVM.
        ByteBuffer chunk = ByteBuffer.allocateDirect(maxBytes / greeting.length * greeting.length);
        while (chunk.hasRemaining()) {
            chunk.put(greeting);
        }
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(chunk.flip()));
    }
}
