package dev.loadgen.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;

/**
 * Bytes every connection of a run writes, such as the encoded request or its body: one read-only copy in direct
 * memory, and per connection (or per HTTP/2 stream slot) a {@link ByteBuf} over it with indices and a reference
 * count of its own, so that writing it costs neither a copy nor an allocation. The memory is the JVM's, freed once
 * no buffer refers to it, so no connection can write bytes already freed. Immutable; the views are their owner's.
 */
final class SharedBytes {
    private SharedBytes() {}

    /**
     * {@code parts} one after the other, read-only, in direct memory.
     *
     * @throws dev.loadgen.core.InputException when they are too many bytes for one buffer, or for the direct memory
     *     the JVM allows
     */
    static ByteBuffer of(byte[]... parts) throws dev.loadgen.core.InputException {
        long length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new dev.loadgen.core.InputException(
                    "the request is " + length + " bytes; at most " + (Integer.MAX_VALUE - 8) + " can be sent");
        }
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.allocateDirect((int) length);
        } catch (OutOfMemoryError e) {
            throw new dev.loadgen.core.InputException(
                    "the request (" + length + " bytes) does not fit in the direct "
                            + "memory this JVM allows; raise it with LOADGEN_JAVA_OPTS=-XX:MaxDirectMemorySize=...",
                    e);
        }
        for (byte[] part : parts) {
            bytes.put(part);
        }
        return bytes.flip().asReadOnlyBuffer();
    }

    /** A buffer over all of {@code shared}, with its own indices and a reference count of 1; any thread. */
    static ByteBuf view(ByteBuffer shared) {
        return Unpooled.wrappedBuffer(shared.duplicate());
    }
}
