package dev.loadgen.http.serve;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.netty.util.collection.IntObjectHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Answers the streams of one HTTP/2 connection, each with the {@link Reply} its {@code :path} asks for, counted
 * like HTTP/1.1 requests: a request when its HEADERS arrive, a response when its last frame is written. Streams
 * are independent, so a delayed reply holds back no other. One instance per connection; every method runs on
 * that connection's event loop.
 */
final class Http2Responder extends Http2EventAdapter {
    private static final AsciiString HEAD = AsciiString.cached("HEAD");

    private final ServerCounters counters;
    /** Replies to streams whose request body is still arriving. */
    private final IntObjectHashMap<Reply> awaitingBody = new IntObjectHashMap<>();

    private Http2ConnectionHandler handler;
    private String lastPath;
    private Reply lastReply;

    private Http2Responder(ServerCounters counters) {
        this.counters = counters;
    }

    /** The codec of one server connection with a responder of its own as its frame listener. */
    static Http2ConnectionHandler newHandler(ServerCounters counters) {
        Http2Responder responder = new Http2Responder(counters);
        responder.handler = new Http2ConnectionHandlerBuilder()
                .server(true)
                .frameListener(responder)
                .build();
        return responder.handler;
    }

    @Override
    public void onHeadersRead(
            ChannelHandlerContext ctx,
            int streamId,
            Http2Headers headers,
            int streamDependency,
            short weight,
            boolean exclusive,
            int padding,
            boolean endOfStream) {
        onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public void onHeadersRead(
            ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream) {
        if (awaitingBody.containsKey(streamId)) {
            // Trailers of a request: its end.
            if (endOfStream) {
                answer(ctx, streamId, awaitingBody.remove(streamId));
            }
            return;
        }
        counters.requestReceived();
        CharSequence path = headers.path();
        String text = path == null ? "/" : path.toString();
        if (!text.equals(lastPath)) {
            lastPath = text;
            lastReply = Reply.forUri(text);
        }
        // A response to HEAD has the headers of a GET's but no content (RFC 9110, 9.3.2).
        Reply reply = HEAD.contentEquals(headers.method()) ? lastReply.withoutBody() : lastReply;
        if (endOfStream) {
            answer(ctx, streamId, reply);
        } else {
            awaitingBody.put(streamId, reply);
        }
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
        if (endOfStream) {
            Reply reply = awaitingBody.remove(streamId);
            if (reply != null) {
                answer(ctx, streamId, reply);
            }
        }
        return data.readableBytes() + padding;
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
        awaitingBody.remove(streamId);
    }

    private void answer(ChannelHandlerContext ctx, int streamId, Reply reply) {
        if (reply.delayNanos() == 0) {
            write(ctx, streamId, reply);
        } else {
            ctx.executor()
                    .schedule(
                            () -> {
                                write(ctx, streamId, reply);
                                handler.flush(ctx);
                            },
                            reply.delayNanos(),
                            TimeUnit.NANOSECONDS);
        }
    }

    /** Writes the response; the codec flushes it with the rest of the read, the timer above by itself. */
    private void write(ChannelHandlerContext ctx, int streamId, Reply reply) {
        if (handler.connection().stream(streamId) == null) {
            return;
        }
        Http2ConnectionEncoder encoder = handler.encoder();
        ByteBuf body = reply.newBody();
        ChannelFuture last =
                encoder.writeHeaders(ctx, streamId, reply.http2Headers(), 0, body == null, ctx.newPromise());
        if (body != null) {
            last = encoder.writeData(ctx, streamId, body, 0, true, ctx.newPromise());
        }
        last.addListener(counters.responseWritten(reply.statusCode()));
    }
}
