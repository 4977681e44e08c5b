package dev.loadgen.http;

import dev.loadgen.core.Connection;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.ExchangeListener;
import dev.loadgen.core.trace.TraceSampler;
import dev.loadgen.core.trace.Traceparent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 connection with at most one request in flight. Confined to its event loop: Netty calls the
 * handler methods there and the worker calls the {@link Connection} methods there.
 *
 * <p>Per request it allocates nothing: the encoded request is a buffer of this connection over the bytes all
 * connections share (its own indices and reference count), retained and rewound for each write, the write uses the channel's void promise, and responses are parsed in
 * place by {@link ResponseParser}.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter implements Connection {
    private enum Phase {
        NEW,
        CONNECTING,
        OPEN,
        CLOSING,
        CLOSED
    }

    private final HttpDriver driver;
    private final EventLoop loop;
    /** The engine's clock: intended and write times come from it, so response times must too. */
    private final Ticker ticker;

    private final ExchangeListener listener;
    private final ResponseParser parser = new ResponseParser();
    private final int requestLength;
    private ByteBuf request;
    /** Decides which requests are traced; null when none is. */
    private final TraceSampler sampler;

    private final int tracedRequestLength;
    /** The request with a {@code traceparent} header, filled in place for each traced request. */
    private ByteBuf tracedRequest;
    /** Whether the request in flight is traced, and its IDs. */
    private boolean traced;

    private long traceIdHigh;
    private long traceIdLow;
    private long spanId;
    private Channel channel;
    private Phase phase = Phase.NEW;
    private boolean silent;
    private boolean inFlight;
    private boolean writing;
    private long intendedNanos;
    private long writeNanos;
    private long deadlineNanos;
    private String failureMessage = "connection failed";
    /** Before any request, the server sent what an HTTP/2 server opens a connection with. */
    private boolean sentHttp2Settings;

    HttpConnection(HttpDriver driver, EventLoop loop, ExchangeListener listener) {
        this.driver = driver;
        this.loop = loop;
        this.ticker = loop.ticker();
        this.listener = listener;
        this.requestLength = driver.requestLength();
        this.sampler = TraceSampler.of(driver.tracing());
        this.tracedRequestLength = sampler == null ? 0 : driver.tracedRequest().length;
    }

    /** Why the connection could not be opened (valid after {@code onConnectFailed}). */
    String failureMessage() {
        return failureMessage;
    }

    /**
     * Whether the server, unasked, opened the connection with an HTTP/2 SETTINGS frame, as a server that speaks
     * only HTTP/2 does.
     */
    boolean sentHttp2Settings() {
        return sentHttp2Settings;
    }

    /**
     * A SETTINGS frame header on stream 0 (RFC 9113, 6.5): a length that is a multiple of 6, type 4, and flags 0.
     * HTTP/1.x responses start with "HTTP/", whose fourth byte is 'P'.
     */
    private static boolean startsWithHttp2Settings(ByteBuf in) {
        int at = in.readerIndex();
        if (in.readableBytes() < 9) {
            return false;
        }
        int length = in.getUnsignedMedium(at);
        return length % 6 == 0 && in.getByte(at + 3) == 0x4 && in.getByte(at + 4) == 0 && in.getInt(at + 5) == 0;
    }

    @Override
    public void connect() {
        assert loop.inEventLoop();
        phase = Phase.CONNECTING;
        ChannelFuture future = driver.bootstrap(loop)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (driver.sslContext() != null) {
                            HttpTarget target = driver.target();
                            SslHandler ssl = driver.sslContext().newHandler(ch.alloc(), target.host(), target.port());
                            ssl.setHandshakeTimeout(driver.timeoutNanos(), TimeUnit.NANOSECONDS);
                            ch.pipeline().addLast(ssl);
                        }
                        ch.pipeline().addLast(HttpConnection.this);
                    }
                })
                .connect();
        channel = future.channel();
        future.addListener(f -> {
            if (!loop.inEventLoop()) {
                // A channel that could not even be created (no file descriptor left, say) fails its future on
                // Netty's global executor: the outcome is handled on this connection's loop all the same.
                loop.execute(() -> connectDone(f));
            } else {
                connectDone(f);
            }
        });
    }

    private void connectDone(Future<?> connected) {
        if (!connected.isSuccess()) {
            failConnect(describe(connected.cause()));
        } else if (driver.sslContext() == null) {
            opened();
        } else {
            channel.pipeline().get(SslHandler.class).handshakeFuture().addListener(h -> {
                if (h.isSuccess()) {
                    opened();
                } else {
                    failConnect("TLS handshake failed: " + describe(h.cause()));
                }
            });
        }
    }

    private void opened() {
        if (phase != Phase.CONNECTING) {
            return;
        }
        request = driver.newRequestBuffer();
        if (sampler != null) {
            tracedRequest = Unpooled.directBuffer(tracedRequestLength).writeBytes(driver.tracedRequest());
        }
        phase = Phase.OPEN;
        if (!silent) {
            listener.onConnected(this);
        }
    }

    private void failConnect(String message) {
        if (phase != Phase.CONNECTING) {
            return;
        }
        phase = Phase.CLOSED;
        failureMessage = message;
        try {
            closeIfRegistered(channel);
        } finally {
            if (!silent) {
                listener.onConnectFailed(this);
            }
        }
    }

    /**
     * Closes {@code channel} unless it never reached an event loop: a channel whose socket could not be created
     * has nothing to close, and closing it would throw instead of failing the connection.
     */
    static void closeIfRegistered(Channel channel) {
        if (channel != null && channel.isRegistered()) {
            channel.close();
        }
    }

    @Override
    public boolean canSend() {
        return phase == Phase.OPEN && !inFlight;
    }

    @Override
    public void send(long intendedNanos, long nowNanos) {
        assert loop.inEventLoop() && canSend();
        if (request.refCnt() != 1) {
            // The previous write is somehow still queued (the server answered before reading the whole request).
            request.release();
            request = driver.newRequestBuffer();
        }
        inFlight = true;
        this.intendedNanos = intendedNanos;
        this.writeNanos = nowNanos;
        this.deadlineNanos = nowNanos + driver.timeoutNanos();
        parser.reset(driver.headRequest());
        traced = sampler != null && sampler.sample();
        if (traced) {
            sendTraced();
            return;
        }
        request.retain().setIndex(0, requestLength);
        writing = true;
        channel.writeAndFlush(request, channel.voidPromise());
        writing = false;
        listener.onBytes(0, requestLength);
    }

    /** Writes the traced request with the sampler's new IDs in its {@code traceparent} header. */
    private void sendTraced() {
        if (tracedRequest.refCnt() != 1) {
            tracedRequest.release();
            tracedRequest = Unpooled.directBuffer(tracedRequestLength).writeBytes(driver.tracedRequest());
        }
        traceIdHigh = sampler.traceIdHigh();
        traceIdLow = sampler.traceIdLow();
        spanId = sampler.spanId();
        Traceparent.set(tracedRequest, driver.traceparentOffset(), traceIdHigh, traceIdLow, spanId);
        tracedRequest.retain().setIndex(0, tracedRequestLength);
        writing = true;
        channel.writeAndFlush(tracedRequest, channel.voidPromise());
        writing = false;
        listener.onBytes(0, tracedRequestLength);
    }

    @Override
    public long nextDeadlineNanos() {
        return inFlight ? deadlineNanos : Long.MAX_VALUE;
    }

    @Override
    public void abort(ErrorKind kind) {
        // Closing first makes canSend() false, so the worker does not reuse this connection from the callback.
        closeChannel();
        failExchange(kind);
    }

    @Override
    public void close() {
        silent = true;
        if (phase == Phase.NEW) {
            phase = Phase.CLOSED;
            return;
        }
        closeChannel();
    }

    private void closeChannel() {
        if (phase == Phase.OPEN) {
            phase = Phase.CLOSING;
        }
        closeIfRegistered(channel);
    }

    private void failExchange(ErrorKind kind) {
        if (inFlight) {
            inFlight = false;
            if (!silent) {
                if (traced) {
                    listener.onTraced(
                            intendedNanos,
                            writeNanos,
                            ticker.nanoTime(),
                            0,
                            false,
                            kind,
                            traceIdHigh,
                            traceIdLow,
                            spanId);
                }
                listener.onExchangeFailed(this, intendedNanos, writeNanos, kind);
            }
        }
    }

    private void completeExchange(long endNanos) {
        inFlight = false;
        if (!parser.keepAlive()) {
            closeChannel();
        }
        if (!silent) {
            int status = parser.status();
            if (traced) {
                listener.onTraced(
                        intendedNanos,
                        writeNanos,
                        endNanos,
                        status,
                        status >= 400,
                        null,
                        traceIdHigh,
                        traceIdLow,
                        spanId);
            }
            listener.onResponse(
                    this, intendedNanos, writeNanos, endNanos, status, status >= 400 ? ErrorKind.STATUS : null);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            int readable = in.readableBytes();
            if (!silent) {
                listener.onBytes(readable, 0);
            }
            if (!inFlight) {
                // Bytes nobody asked for (a server's parting 408, say): the connection can no longer be trusted.
                sentHttp2Settings |= startsWithHttp2Settings(in);
                closeChannel();
                return;
            }
            switch (parser.parse(in)) {
                case COMPLETE -> {
                    if (in.isReadable()) {
                        // More bytes than the response framed (a Content-Length too short, say): not valid
                        // HTTP/1.1, and the connection cannot carry another request.
                        abort(ErrorKind.PROTOCOL);
                    } else {
                        completeExchange(ticker.nanoTime());
                    }
                }
                case MALFORMED -> abort(ErrorKind.PROTOCOL);
                case NEED_MORE -> {}
                default -> throw new IllegalStateException();
            }
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (phase == Phase.CONNECTING) {
            failConnect("connection closed by the server");
            return;
        }
        phase = Phase.CLOSED;
        if (inFlight) {
            if (parser.bodyEndsAtClose()) {
                completeExchange(ticker.nanoTime());
            } else {
                failExchange(parser.partialLineMalformed() ? ErrorKind.PROTOCOL : ErrorKind.READ);
            }
        }
        if (request != null) {
            request.release();
            request = null;
        }
        if (tracedRequest != null) {
            tracedRequest.release();
            tracedRequest = null;
        }
        if (!silent) {
            listener.onClosed(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (phase == Phase.CONNECTING) {
            failConnect(describe(cause));
            return;
        }
        ErrorKind kind = writing ? ErrorKind.WRITE : ErrorKind.READ;
        closeChannel();
        failExchange(kind);
    }

    /** One line for a user: the innermost message, without Netty's syscall prefixes. */
    static String describe(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "connection timed out";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // Netty's native transport says "finishConnect(..) failed with error(-111): Connection refused".
        int failed = message.lastIndexOf("failed");
        int colon = failed < 0 ? -1 : message.indexOf(": ", failed);
        if (colon >= 0) {
            message = message.substring(colon + 2);
        }
        int address = message.indexOf(": /");
        return address > 0 ? message.substring(0, address) : message;
    }
}
