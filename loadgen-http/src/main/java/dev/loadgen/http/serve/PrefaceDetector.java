package dev.loadgen.http.serve;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * First on a new connection: once the first bytes match, or stop matching, the HTTP/2 client preface, replaces
 * itself with the HTTP/2 responder or with the HTTP/1.1 codec and responder, handing them the bytes read so far.
 * One instance per connection, on its event loop.
 */
final class PrefaceDetector extends ByteToMessageDecoder {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerCounters counters;

    PrefaceDetector(ServerCounters counters) {
        this.counters = counters;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < length; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                ctx.pipeline().addAfter(ctx.name(), null, new Responder(counters));
                ctx.pipeline().addAfter(ctx.name(), null, new HttpServerCodec());
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (length == PREFACE.length) {
            ctx.pipeline().addAfter(ctx.name(), null, Http2Responder.newHandler(counters));
            ctx.pipeline().remove(this);
        }
    }
}
