package dev.loadgen.http;

import dev.loadgen.core.Connection;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.ExchangeListener;
import dev.loadgen.core.Tracing;
import dev.loadgen.core.trace.TraceSampler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2ConnectionDecoder;
import io.netty.handler.codec.http2.DefaultHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2ConnectionHandlerBuilder;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2RemoteFlowController;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 connection carrying up to {@code streams} exchanges at once, on Netty's HTTP/2 codec used directly:
 * one {@link Http2ConnectionHandler} on the connection's own channel, with this object as its frame listener and
 * connection listener, and no child channel per stream. HPACK, flow control, SETTINGS (acknowledged) and PING
 * (answered) are the codec's; this class keeps the exchanges. What an exchange writes and how its response reads
 * belong to the protocol on the engine, one {@link Http2Call} per slot made by the connection's
 * {@link Http2Exchange}: HTTP and gRPC share this engine.
 *
 * <p>Threading: confined to the event loop it was created for. Netty calls the handlers and listeners there and
 * the worker calls the {@link Connection} methods there; nothing here is synchronised.
 *
 * <p>Opening: TCP, then TLS where there is a context (its ALPN must choose {@code h2}; {@link #alpnChosen()} says
 * what it chose instead), then the server's first SETTINGS frame; only then is the connection reported open, so
 * its first requests already respect the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS}. All of it must happen
 * within the run's timeout.
 *
 * <p>Per request: a stream id from the codec and a slot from a pool made when the connection is created; the
 * call writes what it prepared once (HTTP: the run's one {@link Http2Headers} and a retained duplicate of the
 * connection's copy of the body). An exchange's outcome is delivered when the codec closes its stream rather
 * than when its last frame is read: the codec counts the stream as active until then, and a worker that sends
 * its next request from the callback must find the slot free on the server's count too.
 *
 * <p>Failures: {@code RST_STREAM} from the server fails that exchange ({@link ErrorKind#READ}); the connection
 * stays. So does an exchange past its deadline ({@link #expire}): its stream is reset with CANCEL and it fails
 * with {@link ErrorKind#TIMEOUT}. {@code GOAWAY} fails the exchanges on streams above the server's last stream id ({@link ErrorKind#READ}),
 * lets the others finish, then closes the connection so that the worker replaces it. So do running out of
 * stream ids and losing the connection.
 */
public final class Http2ClientConnection extends Http2EventAdapter
        implements Connection, Http2RemoteFlowController.Listener {
    private enum Phase {
        NEW,
        CONNECTING,
        OPEN,
        CLOSING,
        CLOSED
    }

    /** Per-stream receive window: large enough that a stream's response rarely waits for a WINDOW_UPDATE. */
    private static final int STREAM_WINDOW_BYTES = 1 << 20;
    /** Receive window shared by the streams of a connection. */
    private static final int CONNECTION_WINDOW_BYTES = 16 << 20;
    /** The largest stream id; client streams are odd, and the codec's next id follows the last by two. */
    private static final int LAST_STREAM_ID = Integer.MAX_VALUE;

    private final EventLoop loop;
    /** The engine's clock: intended and write times come from it, so response times must too. */
    private final Ticker ticker;

    private final ExchangeListener listener;
    private final Bootstrap bootstrap;
    private final SslContext sslContext;
    private final String host;
    private final int port;
    private final long timeoutNanos;
    private final long exchangeTimeoutNanos;
    private final Http2Exchange exchange;
    private final boolean watchesWritability;
    private final Slot[] slots;
    /** Indexes of the free slots, a stack; {@link #freeCount} of them are valid. */
    private final int[] freeSlots;

    private final IntObjectHashMap<Slot> byStream;
    private final Runnable openTimedOut = this::openTimedOut;
    /** Decides which exchanges are traced; null when none is. */
    private final TraceSampler sampler;
    /** The HPACK encoder of the connection's codec, which writes a traced exchange's {@code traceparent}. */
    private RepeatedHeadersEncoder headersEncoder;

    private int freeCount;
    private Channel channel;
    private Http2ConnectionHandler codec;
    private ChannelHandlerContext codecContext;

    private ScheduledFuture<?> openTimer;
    private Phase phase = Phase.NEW;
    private boolean silent;
    private boolean goAwayReceived;
    private boolean released;
    /** Inside a read: requests sent now are flushed once the read completes rather than one by one. */
    private boolean reading;

    private boolean unflushed;
    /** Inside {@link #send}: a stream the codec closes now failed while being written. */
    private boolean writing;

    /** Inside the flow controller's writability callback: what calls write then is flushed on a later turn. */
    private boolean deferFlush;

    private final Runnable flushLater = this::flushUnlessReading;

    private int inFlight;
    /** The codec's first client stream is 3 (it keeps 1 for an HTTP/1.1 Upgrade); 1 stands for "none yet". */
    private int lastStreamId = 1;

    private String failureMessage = "connection failed";
    private String alpnChosen;

    /**
     * @param bootstrap            for this connection's channel on {@code loop}, remote address set
     * @param sslContext           TLS with ALPN offering h2, or null for cleartext with prior knowledge
     * @param host                 the server's name, for TLS
     * @param timeoutNanos         how long opening may take
     * @param exchangeTimeoutNanos how long an exchange may take from its write to its end
     * @param streams              exchanges in flight at most
     * @param watchesWritability   whether calls send DATA as the send window allows ({@link Http2Call#onWritable}):
     *                             watching costs the codec's flow controller a little on every write
     * @param tracing              which exchanges carry a {@code traceparent} header
     */
    public Http2ClientConnection(
            EventLoop loop,
            ExchangeListener listener,
            Bootstrap bootstrap,
            SslContext sslContext,
            String host,
            int port,
            long timeoutNanos,
            long exchangeTimeoutNanos,
            int streams,
            Http2Exchange exchange,
            boolean watchesWritability,
            Tracing tracing) {
        this.loop = loop;
        this.sampler = TraceSampler.of(tracing);
        this.ticker = loop.ticker();
        this.listener = listener;
        this.bootstrap = bootstrap;
        this.sslContext = sslContext;
        this.host = host;
        this.port = port;
        this.timeoutNanos = timeoutNanos;
        this.exchangeTimeoutNanos = exchangeTimeoutNanos;
        this.exchange = exchange;
        this.watchesWritability = watchesWritability;
        this.slots = new Slot[streams];
        this.freeSlots = new int[streams];
        for (int i = 0; i < streams; i++) {
            slots[i] = new Slot(i);
            freeSlots[i] = streams - 1 - i;
        }
        this.freeCount = streams;
        this.byStream = new IntObjectHashMap<>(Math.max(8, streams * 2));
    }

    /** Why the connection could not be opened (valid after {@code onConnectFailed}). */
    public String failureMessage() {
        return failureMessage;
    }

    /** What TLS's ALPN chose when it was not h2 ("none" when the server chose nothing), or null. */
    public String alpnChosen() {
        return alpnChosen;
    }

    @Override
    public void connect() {
        assert loop.inEventLoop();
        phase = Phase.CONNECTING;
        DefaultHttp2Connection connection = new DefaultHttp2Connection(false);
        // Streams here are equal: the uniform distributor shares the send window without the weighted one's
        // priority tree, which cost more than a tenth of a gRPC run's CPU.
        connection
                .remote()
                .flowController(
                        new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
        headersEncoder = new RepeatedHeadersEncoder();
        Http2ConnectionEncoder encoder =
                new DefaultHttp2ConnectionEncoder(connection, new DefaultHttp2FrameWriter(headersEncoder));
        codec = new Http2ConnectionHandlerBuilder()
                .codec(new DefaultHttp2ConnectionDecoder(connection, encoder, new DefaultHttp2FrameReader()), encoder)
                .frameListener(this)
                // Settings are a mutable map the codec keeps: each connection gets its own.
                .initialSettings(new Http2Settings()
                        .initialWindowSize(STREAM_WINDOW_BYTES)
                        .pushEnabled(false)
                        .maxConcurrentStreams(0))
                // Closing sends GOAWAY and closes at once rather than waiting for streams the run gave up on.
                .gracefulShutdownTimeoutMillis(0)
                .build();
        codec.connection().addListener(this);
        if (watchesWritability) {
            codec.encoder().flowController().listener(this);
        }
        // Armed first: a connect that fails at once reports before connect() returns, and cancels it.
        openTimer = loop.schedule(openTimedOut, timeoutNanos, TimeUnit.NANOSECONDS);
        ChannelFuture future = bootstrap
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (sslContext != null) {
                            SslHandler ssl = sslContext.newHandler(ch.alloc(), host, port);
                            ssl.setHandshakeTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
                            ch.pipeline().addLast(ssl);
                        }
                        ch.pipeline().addLast(new Wire(), codec, CloseOnException.INSTANCE);
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
            failConnect(HttpConnection.describe(connected.cause()));
        } else if (sslContext != null) {
            SslHandler ssl = channel.pipeline().get(SslHandler.class);
            ssl.handshakeFuture().addListener(h -> {
                if (!h.isSuccess()) {
                    failConnect("TLS handshake failed: " + HttpConnection.describe(h.cause()));
                } else if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
                    alpnChosen = ssl.applicationProtocol() == null ? "none" : ssl.applicationProtocol();
                    failConnect("HTTP/2 not offered by the server (ALPN chose " + alpnChosen + ")");
                }
            });
        }
    }

    private void openTimedOut() {
        failConnect(
                channel.isActive()
                        ? "no HTTP/2 SETTINGS from the server within the timeout (does it speak HTTP/2?)"
                        : "connection timed out");
    }

    /** The server's first SETTINGS: the codec has applied them, so its limits hold for the first request. */
    private void opened() {
        openTimer.cancel(false);
        codecContext = channel.pipeline().context(codec);
        try {
            codec.connection()
                    .local()
                    .flowController()
                    .incrementWindowSize(
                            codec.connection().connectionStream(),
                            CONNECTION_WINDOW_BYTES - Http2CodecUtil.DEFAULT_WINDOW_SIZE);
        } catch (Http2Exception e) {
            failConnect("cannot open the connection's receive window: " + e.getMessage());
            return;
        }
        unflushed = true;
        for (Slot slot : slots) {
            slot.call = exchange.newCall();
        }
        phase = Phase.OPEN;
        if (!silent) {
            listener.onConnected(this);
        }
        flushUnlessReading();
    }

    private void failConnect(String message) {
        if (phase != Phase.CONNECTING) {
            return;
        }
        phase = Phase.CLOSED;
        failureMessage = message;
        openTimer.cancel(false);
        try {
            HttpConnection.closeIfRegistered(channel);
            release();
        } finally {
            if (!silent) {
                listener.onConnectFailed(this);
            }
        }
    }

    @Override
    public boolean canSend() {
        return phase == Phase.OPEN
                && !goAwayReceived
                && freeCount > 0
                && lastStreamId <= LAST_STREAM_ID - 2
                && codec.connection().local().canOpenStream();
    }

    @Override
    public void send(long intendedNanos, long nowNanos) {
        assert loop.inEventLoop() && canSend();
        int streamId = codec.connection().local().incrementAndGetNextStreamId();
        lastStreamId = streamId;
        Slot slot = slots[freeSlots[--freeCount]];
        slot.start(streamId, nowNanos + exchangeTimeoutNanos);
        byStream.put(streamId, slot);
        inFlight++;
        slot.traced = sampler != null && sampler.sample();
        if (slot.traced) {
            slot.traceIdHigh = sampler.traceIdHigh();
            slot.traceIdLow = sampler.traceIdLow();
            slot.spanId = sampler.spanId();
            headersEncoder.traceNextBlock(slot.traceIdHigh, slot.traceIdLow, slot.spanId);
        }
        writing = true;
        slot.call.start(slot, intendedNanos, nowNanos);
        writing = false;
        if (slot.traced) {
            headersEncoder.clearTrace();
        }
        if (slot.streamId == streamId && slot.active) {
            if (slot.writeFailed) {
                // Refused before the stream existed (the codec never closes a stream it did not open): the
                // connection is in no state to carry more.
                abort(ErrorKind.WRITE);
                return;
            }
            if (!slot.headersWritten) {
                // The call wrote nothing: no stream will close, so the exchange ends on the loop's next turn,
                // not inside the worker's send.
                byStream.remove(streamId);
                loop.execute(() -> endUnwritten(slot, streamId));
            }
        }
        flushUnlessReading();
    }

    private void endUnwritten(Slot slot, int streamId) {
        if (slot.active && slot.streamId == streamId) {
            deliver(slot, false);
        }
    }

    /**
     * Resets the streams whose deadline has passed with CANCEL; each exchange ends with {@link ErrorKind#TIMEOUT}
     * once the codec has closed its stream. The connection and its other exchanges carry on.
     */
    @Override
    public void expire(long nowNanos) {
        if (phase != Phase.OPEN && phase != Phase.CLOSING) {
            abort(ErrorKind.TIMEOUT);
            return;
        }
        for (Slot slot : slots) {
            if (slot.active && slot.deadlineNanos <= nowNanos) {
                slot.deadlineNanos = Long.MAX_VALUE;
                if (!slot.completed) {
                    slot.failure = ErrorKind.TIMEOUT;
                }
                slot.reset();
            }
        }
        flushUnlessReading();
    }

    private static boolean failed(ChannelFuture future) {
        return future.isDone() && !future.isSuccess();
    }

    private void release() {
        if (!released) {
            released = true;
            exchange.release();
        }
    }

    private void flushUnlessReading() {
        if (!reading && unflushed) {
            unflushed = false;
            channel.flush();
        }
    }

    @Override
    public long nextDeadlineNanos() {
        long earliest = Long.MAX_VALUE;
        if (inFlight > 0) {
            for (Slot slot : slots) {
                if (slot.active && slot.deadlineNanos < earliest) {
                    earliest = slot.deadlineNanos;
                }
            }
        }
        return earliest;
    }

    @Override
    public void abort(ErrorKind kind) {
        // Closing first makes canSend() false, so the worker does not reuse this connection from the callbacks.
        closeChannel();
        for (Slot slot : slots) {
            if (slot.active) {
                byStream.remove(slot.streamId);
                slot.failure = kind;
                slot.completed = false;
                deliver(slot, true);
            }
        }
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
        HttpConnection.closeIfRegistered(channel);
    }

    /** Hands the slot's outcome to the listener and frees the slot (first, so the listener may send at once). */
    private void deliver(Slot slot, boolean aborted) {
        slot.active = false;
        freeSlots[freeCount++] = slot.index;
        inFlight--;
        ErrorKind failure = slot.completed ? null : slot.failure != null ? slot.failure : ErrorKind.PROTOCOL;
        if (!silent) {
            slot.call.end(slot.traced ? slot.tracedListener : listener, this, failure, aborted);
        }
        if (phase == Phase.OPEN && inFlight == 0 && (goAwayReceived || lastStreamId > LAST_STREAM_ID - 2)) {
            // Nothing more will go on this connection: closing it lets the worker open a new one.
            closeChannel();
        }
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
        if (phase == Phase.CONNECTING) {
            opened();
        }
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
        Slot slot = byStream.get(streamId);
        if (slot == null) {
            return;
        }
        boolean trailers = slot.headersSeen;
        if (!trailers) {
            int status = statusOf(headers.status());
            if (status >= 100 && status < 200 && !endOfStream) {
                // An interim response (100 Continue, 103 Early Hints): the final one follows.
                return;
            }
            slot.headersSeen = true;
        }
        slot.call.onHeaders(slot, headers, trailers, endOfStream);
    }

    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
        // Consumed at once: the codec returns the bytes to the server's window as it sees fit.
        int consumed = data.readableBytes() + padding;
        Slot slot = byStream.get(streamId);
        if (slot != null) {
            slot.call.onData(slot, data, endOfStream);
        }
        return consumed;
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
        Slot slot = byStream.get(streamId);
        if (slot != null && !slot.completed) {
            slot.failure = ErrorKind.READ;
            slot.call.onReset(errorCode);
        }
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
        goAwayReceived = true;
        for (Slot slot : slots) {
            if (slot.active && slot.streamId > lastStreamId) {
                // The server never processed these; the codec closes their streams right after this call.
                slot.failure = ErrorKind.READ;
                slot.completed = false;
            }
        }
        if (phase == Phase.OPEN && inFlight == 0) {
            closeChannel();
        }
    }

    @Override
    public void onStreamClosed(Http2Stream stream) {
        Slot slot = byStream.remove(stream.id());
        if (slot != null) {
            if (!slot.completed && slot.failure == null) {
                // The codec reset the stream itself: its frames broke the protocol, or its request failed to go out.
                slot.failure = writing ? ErrorKind.WRITE : ErrorKind.PROTOCOL;
            }
            deliver(slot, false);
        }
    }

    @Override
    public void writabilityChanged(Http2Stream stream) {
        Slot slot = byStream.get(stream.id());
        if (slot != null && slot.active && codec.encoder().flowController().isWritable(stream)) {
            deferFlush = true;
            try {
                slot.call.onWritable(slot);
            } finally {
                deferFlush = false;
            }
            if (unflushed && !reading) {
                // The codec may be inside a flush of its own right now: flushing again from here would nest.
                loop.execute(flushLater);
            }
        }
    }

    private void onInactive() {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (phase == Phase.CONNECTING) {
            failConnect("connection closed by the server");
            return;
        }
        phase = Phase.CLOSED;
        for (Slot slot : slots) {
            if (slot.active) {
                byStream.remove(slot.streamId);
                if (!slot.completed && slot.failure == null) {
                    slot.failure = ErrorKind.READ;
                }
                deliver(slot, false);
            }
        }
        release();
        if (!silent) {
            listener.onClosed(this);
        }
    }

    /** {@code :status} as a number, or -1 when it is missing or not three digits. */
    public static int statusOf(CharSequence status) {
        if (status == null || status.length() != 3) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < 3; i++) {
            char c = status.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Whether {@code in} starts like an HTTP/1.x response ("HTTP/"), which no HTTP/2 frame header can. */
    private static boolean looksLikeHttp1(ByteBuf in) {
        int at = in.readerIndex();
        return in.readableBytes() >= 5
                && in.getByte(at) == 'H'
                && in.getByte(at + 1) == 'T'
                && in.getByte(at + 2) == 'T'
                && in.getByte(at + 3) == 'P'
                && in.getByte(at + 4) == '/';
    }

    /** One exchange in flight, reused for the connection's life; its call's view of the stream. */
    private final class Slot implements Http2Call.Stream {
        final int index;
        Http2Call call;
        int streamId;
        long deadlineNanos;
        boolean active;
        boolean headersSeen;
        boolean headersWritten;
        boolean writeFailed;
        boolean completed;
        ErrorKind failure;
        /** Whether the exchange carries a trace context, and its IDs. */
        boolean traced;

        long traceIdHigh;
        long traceIdLow;
        long spanId;
        /** The listener a traced exchange's outcome goes to, which reports its trace first. */
        final ExchangeListener tracedListener = new TracedListener(this);

        Slot(int index) {
            this.index = index;
        }

        void start(int streamId, long deadlineNanos) {
            this.streamId = streamId;
            this.deadlineNanos = deadlineNanos;
            this.active = true;
            this.headersSeen = false;
            this.headersWritten = false;
            this.writeFailed = false;
            this.completed = false;
            this.failure = null;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public ByteBufAllocator alloc() {
            return channel.alloc();
        }

        @Override
        public ExchangeListener listener() {
            return listener;
        }

        @Override
        public long nanoTime() {
            return ticker.nanoTime();
        }

        @Override
        public void writeHeaders(Http2Headers headers, boolean endOfStream) {
            if (writeFailed) {
                return;
            }
            headersWritten = true;
            ChannelFuture written = codec.encoder()
                    .writeHeaders(codecContext, streamId, headers, 0, endOfStream, codecContext.newPromise());
            writeFailed = failed(written);
            wrote();
        }

        @Override
        public void writeData(ByteBuf data, boolean endOfStream) {
            if (writeFailed || !headersWritten) {
                data.release();
                return;
            }
            ChannelFuture written =
                    codec.encoder().writeData(codecContext, streamId, data, 0, endOfStream, codecContext.newPromise());
            writeFailed = failed(written);
            wrote();
        }

        private void wrote() {
            unflushed = true;
            if (!writing && !deferFlush) {
                flushUnlessReading();
            }
        }

        @Override
        public boolean isWritable() {
            Http2Stream stream = codec.connection().stream(streamId);
            return stream != null && codec.encoder().flowController().isWritable(stream);
        }

        @Override
        public long complete() {
            long now = ticker.nanoTime();
            if (failure == null) {
                completed = true;
            }
            return now;
        }

        @Override
        public void cancel() {
            reset();
            wrote();
        }

        void reset() {
            if (headersWritten && codec.connection().stream(streamId) != null) {
                codec.encoder()
                        .writeRstStream(codecContext, streamId, Http2Error.CANCEL.code(), codecContext.newPromise());
                unflushed = true;
            }
        }
    }

    /**
     * Next to the socket (after TLS): counts the protocol's bytes both ways, batches the flushes of requests sent
     * while a read is being handled, recognises an HTTP/1.x server while opening, and settles the exchanges
     * before the codec learns the connection is gone.
     */
    /**
     * The connection's listener for the outcome of a traced exchange: reports the trace
     * ({@link ExchangeListener#onTraced}) right before the response or failure, with the slot's IDs read before the
     * listener may start the slot's next exchange. One per slot, made once.
     */
    private final class TracedListener implements ExchangeListener {
        private final Slot slot;

        TracedListener(Slot slot) {
            this.slot = slot;
        }

        @Override
        public void onConnected(Connection connection) {
            listener.onConnected(connection);
        }

        @Override
        public void onConnectFailed(Connection connection) {
            listener.onConnectFailed(connection);
        }

        @Override
        public void onResponse(
                Connection connection,
                long intendedNanos,
                long writeNanos,
                long endNanos,
                int status,
                ErrorKind error) {
            listener.onTraced(
                    intendedNanos,
                    writeNanos,
                    endNanos,
                    status,
                    error != null,
                    null,
                    slot.traceIdHigh,
                    slot.traceIdLow,
                    slot.spanId);
            listener.onResponse(connection, intendedNanos, writeNanos, endNanos, status, error);
        }

        @Override
        public void onExchangeFailed(Connection connection, long intendedNanos, long writeNanos, ErrorKind kind) {
            listener.onTraced(
                    intendedNanos,
                    writeNanos,
                    ticker.nanoTime(),
                    0,
                    false,
                    kind,
                    slot.traceIdHigh,
                    slot.traceIdLow,
                    slot.spanId);
            listener.onExchangeFailed(connection, intendedNanos, writeNanos, kind);
        }

        @Override
        public void onBytes(long read, long written) {
            listener.onBytes(read, written);
        }

        @Override
        public void onCount(int counter, long intendedNanos, long delta) {
            listener.onCount(counter, intendedNanos, delta);
        }

        @Override
        public void onValue(int histogram, long intendedNanos, long valueNanos) {
            listener.onValue(histogram, intendedNanos, valueNanos);
        }

        @Override
        public void onErrorMessage(long intendedNanos, String message) {
            listener.onErrorMessage(intendedNanos, message);
        }

        @Override
        public void onClosed(Connection connection) {
            listener.onClosed(connection);
        }
    }

    private final class Wire extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            if (!silent) {
                listener.onBytes(in.readableBytes(), 0);
            }
            if (phase == Phase.CONNECTING && looksLikeHttp1(in)) {
                in.release();
                failConnect("the server answered in HTTP/1.x: it does not speak HTTP/2 with prior knowledge"
                        + " (h2c); leave out --h2c");
                return;
            }
            reading = true;
            try {
                ctx.fireChannelRead(msg);
            } finally {
                reading = false;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.fireChannelReadComplete();
            flushUnlessReading();
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!silent && msg instanceof ByteBuf out) {
                listener.onBytes(0, out.readableBytes());
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            onInactive();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (phase == Phase.CONNECTING) {
                failConnect(HttpConnection.describe(cause));
            } else {
                // A socket failure: the exchanges fail with READ as the channel goes inactive.
                ctx.close();
            }
        }
    }

    /** Last in the pipeline: what the codec passes on unhandled ends the connection rather than being logged. */
    @ChannelHandler.Sharable
    private static final class CloseOnException extends ChannelInboundHandlerAdapter {
        static final CloseOnException INSTANCE = new CloseOnException();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
