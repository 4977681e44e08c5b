package dev.loadgen.grpc;

import dev.loadgen.core.Connection;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.ExchangeListener;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 connection carrying up to {@code capacity} calls at once. Confined to its event loop: the channel
 * runs on that loop with a direct executor, so gRPC's callbacks arrive there too. Calls are pooled
 * ({@link Call}); a static request is the same byte array for every call.
 */
final class GrpcConnection implements Connection {
    /** How long past gRPC's deadline a call may stay before the worker's sweep replaces the connection. */
    private static final long DEADLINE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final Object RECEIVED = new Object();

    private enum Phase {
        NEW,
        CONNECTING,
        OPEN,
        DRAINING,
        CLOSED
    }

    private final GrpcDriver driver;
    private final EventLoop loop;
    /** The engine's clock: intended and write times come from it, so this connection's own times must too. */
    private final Ticker ticker;

    private final ExchangeListener listener;
    private final GrpcDriver.Prepared prepared;
    private final int capacity;
    private final int workerId;
    private final MethodDescriptor<byte[], Object> method;
    private final CallOptions callOptions = CallOptions.DEFAULT;
    private final Call[] calls;
    private final boolean clientStreams;
    private final boolean serverStreams;
    private final boolean staticData;
    /** gRPC's deadline of each call, from its start: the timeout plus a stream's own duration. */
    private final long deadlineAfterNanos;

    private final GrpcOptions options;
    private ManagedChannel channel;
    private Phase phase = Phase.NEW;
    private int inFlight;
    private boolean capacityReleased;
    /** Size of the response message the marshaller just parsed; read by the call's onMessage right after. */
    private int lastResponseSize;

    GrpcConnection(
            GrpcDriver driver,
            EventLoop loop,
            ExchangeListener listener,
            GrpcDriver.Prepared prepared,
            int capacity,
            int workerId) {
        this.driver = driver;
        this.loop = loop;
        this.ticker = loop.ticker();
        this.listener = listener;
        this.prepared = prepared;
        this.capacity = capacity;
        this.workerId = workerId;
        this.options = driver.options();
        this.method = methodDescriptor(prepared.fullMethodName(), prepared.type(), this);
        this.calls = new Call[capacity];
        for (int i = 0; i < capacity; i++) {
            calls[i] = new Call();
        }
        this.clientStreams = prepared.type().clientSendsOneMessage() == false;
        this.serverStreams = prepared.type().serverSendsOneMessage() == false;
        this.staticData = prepared.data().isStatic() && driver.metadata().isStatic();
        this.deadlineAfterNanos = driver.deadlineNanos();
    }

    /** A method on raw bytes: requests are prepared bytes; responses are counted and dropped, never decoded. */
    static MethodDescriptor<byte[], Object> methodDescriptor(
            String fullName, MethodDescriptor.MethodType type, GrpcConnection owner) {
        return MethodDescriptor.<byte[], Object>newBuilder()
                .setFullMethodName(fullName)
                .setType(type)
                .setRequestMarshaller(new BytesMarshaller())
                .setResponseMarshaller(new DiscardingMarshaller(owner))
                .build();
    }

    @Override
    public void connect() {
        phase = Phase.CONNECTING;
        channel = driver.newChannel(loop);
        watch(channel.getState(true));
    }

    private void watch(ConnectivityState state) {
        if (phase == Phase.CLOSED) {
            return;
        }
        switch (state) {
            case READY:
                if (phase == Phase.CONNECTING) {
                    phase = Phase.OPEN;
                    listener.onConnected(this);
                }
                break;
            case TRANSIENT_FAILURE:
            case SHUTDOWN:
                if (phase == Phase.CONNECTING) {
                    phase = Phase.CLOSED;
                    channel.shutdownNow();
                    releaseCapacity();
                    listener.onConnectFailed(this);
                    return;
                }
                lost();
                return;
            case IDLE:
                if (phase == Phase.OPEN) {
                    lost();
                    return;
                }
                break;
            default:
                break;
        }
        if (phase == Phase.CLOSED || phase == Phase.DRAINING) {
            return;
        }
        ManagedChannel watched = channel;
        watched.notifyWhenStateChanged(state, () -> onLoop(() -> watch(watched.getState(false))));
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** The connection broke while open: no new calls; those in flight end with their status, then it closes. */
    private void lost() {
        if (phase != Phase.OPEN) {
            return;
        }
        phase = Phase.DRAINING;
        channel.shutdown();
        closeIfDrained();
    }

    private void closeIfDrained() {
        if (phase == Phase.DRAINING && inFlight == 0) {
            phase = Phase.CLOSED;
            channel.shutdownNow();
            releaseCapacity();
            listener.onClosed(this);
        }
    }

    private void releaseCapacity() {
        if (!capacityReleased) {
            capacityReleased = true;
            driver.releaseCapacity(capacity);
        }
    }

    @Override
    public boolean canSend() {
        return phase == Phase.OPEN && inFlight < capacity;
    }

    @Override
    public void send(long intendedNanos, long nowNanos) {
        for (Call call : calls) {
            if (!call.active) {
                inFlight++;
                call.start(intendedNanos, nowNanos);
                return;
            }
        }
        throw new IllegalStateException("send without capacity");
    }

    @Override
    public long nextDeadlineNanos() {
        long earliest = Long.MAX_VALUE;
        for (Call call : calls) {
            if (call.active && call.sweepDeadlineNanos < earliest) {
                earliest = call.sweepDeadlineNanos;
            }
        }
        return earliest;
    }

    @Override
    public void abort(ErrorKind kind) {
        if (phase == Phase.CLOSED) {
            return;
        }
        boolean wasOpen = phase == Phase.OPEN || phase == Phase.DRAINING;
        phase = Phase.CLOSED;
        for (Call call : calls) {
            if (call.active) {
                call.drop();
                inFlight--;
                listener.onExchangeFailed(this, call.intendedNanos, call.writeNanos, kind);
            }
        }
        if (channel != null) {
            channel.shutdownNow();
        }
        releaseCapacity();
        if (wasOpen) {
            listener.onClosed(this);
        } else {
            listener.onConnectFailed(this);
        }
    }

    @Override
    public void close() {
        if (phase == Phase.CLOSED) {
            return;
        }
        phase = Phase.CLOSED;
        for (Call call : calls) {
            if (call.active) {
                call.drop();
            }
        }
        inFlight = 0;
        if (channel != null) {
            channel.shutdownNow();
        }
        releaseCapacity();
    }

    /** One call slot, reused call after call; it is its own gRPC listener and stream timer task. */
    private final class Call extends ClientCall.Listener<Object> implements Runnable {
        boolean active;
        long intendedNanos;
        long writeNanos;
        /**
         * When the worker's sweep gives up on this call: gRPC's own deadline (the timeout plus a stream's duration)
         * ends the call first, so the sweep, a grace later, only catches a call that deadline failed to end.
         */
        long sweepDeadlineNanos;

        private ClientCall<byte[], Object> call;
        private byte[][] messages;
        private long messagesSent;
        private long messagesToSend;
        private long messagesReceived;
        private long lastEventNanos;
        private boolean halfClosed;
        private boolean endedByClient;
        private ScheduledFuture<?> intervalTimer;
        private ScheduledFuture<?> durationTimer;
        private final Runnable endStream = this::endStream;

        void start(long intended, long now) {
            active = true;
            intendedNanos = intended;
            writeNanos = now;
            sweepDeadlineNanos = now + deadlineAfterNanos + DEADLINE_GRACE_NANOS;
            lastEventNanos = now;
            messagesSent = 0;
            messagesReceived = 0;
            halfClosed = false;
            endedByClient = false;
            long requestNumber = driver.nextRequestNumber();
            Metadata headers;
            if (staticData) {
                messages = prepared.data().staticMessages(requestNumber);
                headers = driver.metadata().forCall(null);
            } else {
                Template.CallData data = new Template.CallData(
                        requestNumber,
                        workerId,
                        prepared.fullMethodName(),
                        prepared.method().getService().getFullName(),
                        prepared.method().getName());
                messages = prepared.data().messages(data);
                headers = driver.metadata().forCall(data);
            }
            call = channel.newCall(method, callOptions.withDeadlineAfter(deadlineAfterNanos, TimeUnit.NANOSECONDS));
            if (messages == null) {
                // Templated data that no longer matches the message: fail the call the way a server would.
                call.start(this, headers);
                call.cancel(
                        "request data does not match "
                                + prepared.method().getInputType().getFullName(),
                        null);
                return;
            }
            call.start(this, headers);
            call.request(serverStreams ? Integer.MAX_VALUE : 1);
            if (!clientStreams) {
                sendOne();
                halfClose();
            } else {
                messagesToSend = options.streamCallCount() > 0
                        ? options.streamCallCount()
                        : options.streamCallDurationNanos() > 0 ? Long.MAX_VALUE : messages.length;
                if (options.streamIntervalNanos() > 0) {
                    run();
                } else {
                    sendWhileReady();
                }
            }
            if (options.streamCallDurationNanos() > 0 && (clientStreams || serverStreams) && active) {
                durationTimer = loop.schedule(endStream, options.streamCallDurationNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private void sendOne() {
            byte[] message = messages[(int) (messagesSent % messages.length)];
            messagesSent++;
            call.sendMessage(message);
            listener.onCount(CallStats.MESSAGES_SENT, intendedNanos, 1);
            listener.onBytes(0, message.length + 5L);
        }

        private void halfClose() {
            if (!halfClosed) {
                halfClosed = true;
                call.halfClose();
            }
        }

        private void sendWhileReady() {
            while (active && !halfClosed && messagesSent < messagesToSend && call.isReady()) {
                sendOne();
            }
            if (active && messagesSent >= messagesToSend) {
                halfClose();
            }
        }

        /** The stream interval elapsed: send the next message. */
        @Override
        public void run() {
            intervalTimer = null;
            if (!active || halfClosed) {
                return;
            }
            sendOne();
            if (messagesSent >= messagesToSend) {
                halfClose();
            } else {
                intervalTimer = loop.schedule(this, options.streamIntervalNanos(), TimeUnit.NANOSECONDS);
            }
        }

        /** --stream-call-duration elapsed: a client stream half-closes, a server stream is cancelled. */
        private void endStream() {
            durationTimer = null;
            if (!active) {
                return;
            }
            if (clientStreams) {
                cancelTimers();
                halfClose();
            } else {
                endedByClient = true;
                call.cancel("stream call duration elapsed", null);
            }
        }

        @Override
        public void onReady() {
            if (active && clientStreams && options.streamIntervalNanos() == 0) {
                sendWhileReady();
            }
        }

        @Override
        public void onMessage(Object message) {
            // After the client ended a server stream, replies already buffered are still delivered: not counted.
            if (!active || endedByClient) {
                return;
            }
            long now = ticker.nanoTime();
            messagesReceived++;
            listener.onCount(CallStats.MESSAGES_RECEIVED, intendedNanos, 1);
            if (serverStreams) {
                listener.onValue(CallStats.MESSAGE_GAP, intendedNanos, now - lastEventNanos);
            }
            lastEventNanos = now;
            listener.onBytes(lastResponseSize + 5L, 0);
            if (serverStreams
                    && !clientStreams
                    && options.streamCallCount() > 0
                    && messagesReceived >= options.streamCallCount()) {
                endedByClient = true;
                call.cancel("stream call count reached", null);
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            if (!active) {
                return;
            }
            long end = ticker.nanoTime();
            active = false;
            cancelTimers();
            call = null;
            messages = null;
            inFlight--;
            int code = status.getCode().value();
            if (endedByClient && status.getCode() == Status.Code.CANCELLED) {
                code = 0;
            }
            if (code != 0) {
                listener.onErrorMessage(intendedNanos, GrpcStatusNames.describe(status));
            }
            listener.onResponse(GrpcConnection.this, intendedNanos, writeNanos, end, code, code != 0);
            closeIfDrained();
        }

        /** Ends the call without reporting it (the connection is closing). */
        void drop() {
            active = false;
            cancelTimers();
            if (call != null) {
                call.cancel("connection closed", null);
                call = null;
            }
        }

        private void cancelTimers() {
            if (intervalTimer != null) {
                intervalTimer.cancel(false);
                intervalTimer = null;
            }
            if (durationTimer != null) {
                durationTimer.cancel(false);
                durationTimer = null;
            }
        }
    }

    /** Prepared request bytes, framed by gRPC without a copy into an intermediate stream. */
    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new BytesStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            throw new UnsupportedOperationException("requests only");
        }
    }

    private static final class BytesStream extends InputStream implements KnownLength, Drainable {
        private final byte[] bytes;
        private int position;

        BytesStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = bytes.length - position;
            target.write(bytes, position, length);
            position = bytes.length;
            return length;
        }

        @Override
        public int available() {
            return bytes.length - position;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            int count = Math.min(length, bytes.length - position);
            System.arraycopy(bytes, position, into, offset, count);
            position += count;
            return count;
        }
    }

    /** Counts a response message's size and drops it; gRPC releases the buffer after the listener saw it. */
    private static final class DiscardingMarshaller implements MethodDescriptor.Marshaller<Object> {
        private final GrpcConnection owner;

        DiscardingMarshaller(GrpcConnection owner) {
            this.owner = owner;
        }

        @Override
        public InputStream stream(Object value) {
            throw new UnsupportedOperationException("responses only");
        }

        @Override
        public Object parse(InputStream stream) {
            if (owner != null) {
                try {
                    owner.lastResponseSize = stream.available();
                } catch (IOException e) {
                    owner.lastResponseSize = 0;
                }
            }
            return RECEIVED;
        }
    }
}
