package dev.loadgen.http;

import dev.loadgen.core.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers at once, except that from {@code stallStartNanos} after its
 * first request until {@code stallLengthNanos} later it answers nothing: responses due then go out when the
 * stall ends. Counts the responses it wrote.
 */
final class StallingServer implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final long stallStartNanos;
    private final long stallLengthNanos;
    private final AtomicLong firstRequestNanos = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();

    StallingServer(long stallStartNanos, long stallLengthNanos) throws InterruptedException {
        this.stallStartNanos = stallStartNanos;
        this.stallLengthNanos = stallLengthNanos;
        Transport transport = Transport.best();
        group = transport.newGroup(1, "stalling-server");
        channel = new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannelClass())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new Responder());
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    long responses() {
        return responses.get();
    }

    /** Idempotent: stops the server and waits for it, so its response count is final afterwards. */
    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            long now = System.nanoTime();
            firstRequestNanos.compareAndSet(0, now);
            long stallStart = firstRequestNanos.get() + stallStartNanos;
            long stallEnd = stallStart + stallLengthNanos;
            if (now >= stallStart && now < stallEnd) {
                ctx.executor().schedule(() -> respond(ctx), stallEnd - now, TimeUnit.NANOSECONDS);
            } else {
                respond(ctx);
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(new byte[] {'o', 'k'}));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 2);
            ctx.writeAndFlush(response).addListener(f -> {
                if (f.isSuccess()) {
                    responses.incrementAndGet();
                }
            });
        }
    }
}
