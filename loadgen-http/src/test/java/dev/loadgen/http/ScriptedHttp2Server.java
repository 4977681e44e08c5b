package dev.loadgen.http;

import dev.loadgen.core.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cleartext HTTP/2 server (prior knowledge) on 127.0.0.1 whose {@link Script} decides, request by request,
 * whether to answer, reset the stream or send GOAWAY, with the SETTINGS a test gives it. It counts what it did,
 * per connection too, so that tests can compare the client's figures with the server's exactly. Connections are
 * numbered in the order accepted: 0 is the client's preflight.
 */
final class ScriptedHttp2Server implements AutoCloseable {

    /** What to do with the n-th request (from 1) of a connection, whose stream is {@code streamId}. */
    interface Script {
        Action onRequest(int requestOnConnection, int streamId);
    }

    sealed interface Action {}

    /** Answer with {@code status} and a body of {@code bodyBytes}, after {@code delayMillis}. */
    record Respond(int status, int bodyBytes, long delayMillis) implements Action {}

    /** Send a PING, then answer as {@code then} says. */
    record PingFirst(Respond then) implements Action {}

    /** Reset the stream with INTERNAL_ERROR. */
    record Reset() implements Action {}

    /** Leave this request unanswered and send GOAWAY naming {@code lastStreamId}; answer nothing more. */
    record GoAway(int lastStreamId) implements Action {}

    /** One accepted connection's figures. */
    static final class ConnectionCounts {
        final AtomicLong bytesWritten = new AtomicLong();
        final AtomicInteger maxConcurrentStreams = new AtomicInteger();
    }

    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final Script script;
    private final AtomicLong responses = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong goAways = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private final AtomicLong pingAcks = new AtomicLong();
    private final List<ConnectionCounts> connections = new CopyOnWriteArrayList<>();

    ScriptedHttp2Server(Http2Settings settings, Script script) throws InterruptedException {
        this.script = script;
        Transport transport = Transport.best();
        group = transport.newGroup(1, "scripted-h2-server");
        channel = new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannelClass())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ConnectionCounts counts = new ConnectionCounts();
                        connections.add(counts);
                        Responder responder = new Responder(counts);
                        responder.codec = new Http2ConnectionHandlerBuilder()
                                .server(true)
                                .initialSettings(settings)
                                .frameListener(responder)
                                .build();
                        responder.codec.connection().addListener(responder);
                        ch.pipeline().addLast(new ByteCounter(counts, responder), responder.codec);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + path);
    }

    long responses() {
        return responses.get();
    }

    long resets() {
        return resets.get();
    }

    long goAways() {
        return goAways.get();
    }

    long pings() {
        return pings.get();
    }

    long pingAcks() {
        return pingAcks.get();
    }

    /** Accepted connections in order; 0 is the preflight's. */
    List<ConnectionCounts> connections() {
        return connections;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Counts the bytes of every successful write until the client's GOAWAY arrives: the client sends it as it
     * closes the connection, so what the server writes after it is never read.
     */
    private static final class ByteCounter extends ChannelOutboundHandlerAdapter {
        private final ConnectionCounts counts;
        private final Responder responder;

        ByteCounter(ConnectionCounts counts, Responder responder) {
            this.counts = counts;
            this.responder = responder;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buffer && !responder.clientWentAway) {
                int bytes = buffer.readableBytes();
                promise = promise.unvoid();
                promise.addListener(f -> {
                    if (f.isSuccess()) {
                        counts.bytesWritten.addAndGet(bytes);
                    }
                });
            }
            ctx.write(msg, promise);
        }
    }

    private final class Responder extends Http2EventAdapter {
        private final ConnectionCounts counts;
        /** Actions for requests whose body is still arriving. */
        private final HashMap<Integer, Action> pending = new HashMap<>();

        Http2ConnectionHandler codec;
        private int requestsOnConnection;
        private int open;
        private boolean goAwaySent;
        volatile boolean clientWentAway;

        Responder(ConnectionCounts counts) {
            this.counts = counts;
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
            if (goAwaySent) {
                return;
            }
            open++;
            counts.maxConcurrentStreams.accumulateAndGet(open, Math::max);
            Action action = script.onRequest(++requestsOnConnection, streamId);
            if (endOfStream) {
                act(ctx, streamId, action);
            } else {
                pending.put(streamId, action);
            }
        }

        @Override
        public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
            if (endOfStream && pending.containsKey(streamId)) {
                act(ctx, streamId, pending.remove(streamId));
            }
            return data.readableBytes() + padding;
        }

        @Override
        public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
            clientWentAway = true;
        }

        @Override
        public void onPingAckRead(ChannelHandlerContext ctx, long data) {
            pingAcks.incrementAndGet();
        }

        private void act(ChannelHandlerContext ctx, int streamId, Action action) {
            if (action instanceof PingFirst ping) {
                pings.incrementAndGet();
                codec.encoder().writePing(ctx, false, streamId, ctx.newPromise());
                action = ping.then();
            }
            if (action instanceof Respond respond) {
                if (respond.delayMillis() == 0) {
                    respond(ctx, streamId, respond);
                } else {
                    ctx.executor()
                            .schedule(
                                    () -> {
                                        respond(ctx, streamId, respond);
                                        codec.flush(ctx);
                                    },
                                    respond.delayMillis(),
                                    TimeUnit.MILLISECONDS);
                }
            } else if (action instanceof Reset) {
                open--;
                resets.incrementAndGet();
                codec.resetStream(ctx, streamId, Http2Error.INTERNAL_ERROR.code(), ctx.newPromise());
            } else if (action instanceof GoAway goAway) {
                open--;
                goAwaySent = true;
                goAways.incrementAndGet();
                codec.goAway(
                        ctx,
                        goAway.lastStreamId(),
                        Http2Error.NO_ERROR.code(),
                        Unpooled.EMPTY_BUFFER,
                        ctx.newPromise());
            }
        }

        private void respond(ChannelHandlerContext ctx, int streamId, Respond respond) {
            if (codec.connection().stream(streamId) == null) {
                return;
            }
            Http2Headers headers = new DefaultHttp2Headers().status(Integer.toString(respond.status()));
            boolean empty = respond.bodyBytes() == 0;
            ChannelFuture last = codec.encoder().writeHeaders(ctx, streamId, headers, 0, empty, ctx.newPromise());
            if (!empty) {
                ByteBuf body = ctx.alloc().buffer(respond.bodyBytes()).writeZero(respond.bodyBytes());
                last = codec.encoder().writeData(ctx, streamId, body, 0, true, ctx.newPromise());
            }
            last.addListener(f -> {
                open--;
                if (f.isSuccess()) {
                    responses.incrementAndGet();
                }
            });
        }
    }
}
