package dev.loadgen.http.serve;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Answers the requests of one connection, in the order they arrived, each with the {@link Reply} its query asks
 * for. One instance per connection; every method runs on that connection's event loop, so there are no locks.
 *
 * <p>A reply is written once its request, body included, has been read; bodies are dropped chunk by chunk as
 * they arrive. A delay is a task on the event loop's scheduler, so a delayed reply holds no thread. HTTP/1.1
 * answers pipelined requests in order, so a reply that is ready waits behind an earlier one still delayed.
 */
final class Responder extends ChannelInboundHandlerAdapter {
    /** With this many replies waiting the connection stops reading, so a client pipelining without end is bounded. */
    private static final int MAX_WAITING_REPLIES = 128;

    private final ServerCounters counters;
    private final ArrayDeque<WaitingReply> waiting = new ArrayDeque<>();

    /** A load generator repeats one URI, so remembering the last one spares parsing the same query per request. */
    private String lastUri;

    private Reply lastReply;

    /** The reply to the request whose body is being read; null between requests. */
    private Reply current;
    /** The Connection header for current's response, null for none. */
    private AsciiString currentConnection;
    /** A request asked to close the connection; later ones are neither counted nor answered. */
    private boolean closing;

    private boolean unflushed;

    Responder(ServerCounters counters) {
        this.counters = counters;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                onHead(ctx, request);
            }
            // Not "else": a head and its end can come as one FullHttpRequest.
            if (msg instanceof LastHttpContent last) {
                onEnd(ctx, last);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Replies written while reading go out together: one flush per read, not per pipelined request.
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (WaitingReply reply : waiting) {
            if (reply.timer != null) {
                reply.timer.cancel(false);
            }
        }
        waiting.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or other socket failure ends the connection; its unanswered requests stay visible in the counts.
        ctx.close();
    }

    private void onHead(ChannelHandlerContext ctx, HttpRequest request) {
        // Once the connection is gone the decoder reports a head it had only partly read; no request arrived.
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        counters.requestReceived();
        if (request.decoderResult().isFailure()) {
            // The decoder discards everything after a malformed head: no end will follow, so answer now.
            closing = true;
            answer(ctx, Reply.MALFORMED, HttpHeaderValues.CLOSE);
            return;
        }
        String uri = request.uri();
        if (!uri.equals(lastUri)) {
            lastUri = uri;
            lastReply = Reply.forUri(uri);
        }
        current = lastReply;
        if (!HttpUtil.isKeepAlive(request)) {
            closing = true;
            currentConnection = HttpHeaderValues.CLOSE;
        } else {
            // An HTTP/1.0 client keeps the connection only if the response says it may.
            currentConnection = request.protocolVersion().isKeepAliveDefault() ? null : HttpHeaderValues.KEEP_ALIVE;
        }
        // Behind a waiting reply the interim response would overtake it; the client then sends the body after
        // its own wait instead.
        if (HttpUtil.is100ContinueExpected(request) && waiting.isEmpty()) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    private void onEnd(ChannelHandlerContext ctx, LastHttpContent last) {
        Reply reply = current;
        if (reply == null) {
            return;
        }
        current = null;
        if (last.decoderResult().isFailure()) {
            closing = true;
            answer(ctx, Reply.MALFORMED, HttpHeaderValues.CLOSE);
        } else {
            answer(ctx, reply, currentConnection);
        }
    }

    private void answer(ChannelHandlerContext ctx, Reply reply, AsciiString connection) {
        if (reply.delayNanos() == 0 && waiting.isEmpty()) {
            write(ctx, reply, connection);
            unflushed = true;
            return;
        }
        WaitingReply entry = new WaitingReply(ctx, reply, connection);
        waiting.add(entry);
        if (reply.delayNanos() > 0) {
            entry.timer = ctx.executor().schedule(entry, reply.delayNanos(), TimeUnit.NANOSECONDS);
        } else {
            entry.ready = true;
        }
        updateReading(ctx);
    }

    private void writeReady(ChannelHandlerContext ctx) {
        boolean wrote = false;
        WaitingReply head;
        while ((head = waiting.peek()) != null && head.ready) {
            waiting.poll();
            write(ctx, head.reply, head.connection);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
            updateReading(ctx);
        }
    }

    private void write(ChannelHandlerContext ctx, Reply reply, AsciiString connection) {
        ChannelFuture written = ctx.write(reply.newResponse(connection));
        written.addListener(counters.responseWritten(reply.statusCode()));
        if (HttpHeaderValues.CLOSE.equals(connection)) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void updateReading(ChannelHandlerContext ctx) {
        boolean read = ctx.channel().isWritable() && waiting.size() < MAX_WAITING_REPLIES;
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead() != read) {
            config.setAutoRead(read);
        }
    }

    /** A reply held back by its own delay or by an earlier reply; runs as its own timer task. */
    private final class WaitingReply implements Runnable {
        final ChannelHandlerContext ctx;
        final Reply reply;
        final AsciiString connection;
        boolean ready;
        ScheduledFuture<?> timer;

        WaitingReply(ChannelHandlerContext ctx, Reply reply, AsciiString connection) {
            this.ctx = ctx;
            this.reply = reply;
            this.connection = connection;
        }

        @Override
        public void run() {
            ready = true;
            writeReady(ctx);
        }
    }
}
