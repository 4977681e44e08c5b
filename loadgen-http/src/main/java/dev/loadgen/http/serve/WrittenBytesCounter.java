package dev.loadgen.http.serve;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Counts the bytes of every buffer whose write succeeds. It sits next to the socket, below the HTTP encoder, so
 * it sees responses as they go on the wire rather than re-deriving their encoded size. Stateless apart from the
 * shared counters, so one instance serves every connection of a server; it runs on the connection's event loop.
 */
@ChannelHandler.Sharable
final class WrittenBytesCounter extends ChannelOutboundHandlerAdapter {
    private final ServerCounters counters;

    WrittenBytesCounter(ServerCounters counters) {
        this.counters = counters;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        int bytes = msg instanceof ByteBuf buffer ? buffer.readableBytes() : 0;
        if (bytes > 0) {
            promise = promise.unvoid();
            promise.addListener(future -> {
                if (future.isSuccess()) {
                    counters.bytesWritten(bytes);
                }
            });
        }
        ctx.write(msg, promise);
    }
}
