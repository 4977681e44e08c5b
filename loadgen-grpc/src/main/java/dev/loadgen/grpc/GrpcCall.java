package dev.loadgen.grpc;

import dev.loadgen.core.Connection;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.ExchangeListener;
import dev.loadgen.http.Http2Call;
import dev.loadgen.http.Http2ClientConnection;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC call slot of an HTTP/2 connection, reused call after call: writes the request HEADERS and the framed
 * messages (a client stream paced by {@code --stream-interval} or by the server's flow-control window), reads
 * the response's messages by their length prefixes without decoding them (a message may span DATA frames, and a
 * frame hold several), and takes the status from {@code grpc-status} and {@code grpc-message} in the trailers, or
 * in the headers of a trailers-only response. A unary call with static data and metadata writes the run's one
 * header block and a retained duplicate of a framed message, and allocates nothing of its own.
 *
 * <p>Threading: confined to its connection's event loop; it is also the Runnable of its stream-interval timer.
 */
final class GrpcCall implements Http2Call, Runnable {
    private static final AsciiString GRPC_STATUS = AsciiString.cached("grpc-status");
    private static final AsciiString GRPC_MESSAGE = AsciiString.cached("grpc-message");
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
    private static final AsciiString APPLICATION_GRPC = AsciiString.cached("application/grpc");
    private static final int OK = 0;
    private static final int CANCELLED = 1;
    private static final int UNKNOWN = 2;
    static final int DEADLINE_EXCEEDED = 4;
    private static final int RESOURCE_EXHAUSTED = 8;
    private static final int UNIMPLEMENTED = 12;
    private static final int INTERNAL = 13;
    private static final int UNAVAILABLE = 14;
    private static final int PERMISSION_DENIED = 7;
    private static final int UNAUTHENTICATED = 16;

    private final GrpcStreams connection;
    private final GrpcDriver driver;
    private final GrpcOptions options;
    private final boolean clientStreams;
    private final boolean serverStreams;
    private final int maxMessageBytes;
    private final Runnable endStream = this::endStream;

    private Stream stream;
    private boolean active;
    private long intendedNanos;
    private long writeNanos;
    private long endNanos;

    /** The call's status once known: from the trailers, or decided here (limits, the client ending a stream). */
    private int code;

    private String message;
    private boolean statusKnown;
    private int httpStatus;
    private long resetCode;

    /** Static data: this connection's framed messages of the call; otherwise null. */
    private ByteBuf[] framed;
    /** Templated data: the call's messages, framed as sent; otherwise null. */
    private byte[][] rendered;

    private long messagesSent;
    private long messagesToSend;
    private long messagesReceived;
    private long lastEventNanos;
    private boolean halfClosed;
    /** Inside {@link #start}'s own writes. */
    private boolean sending;

    private ScheduledFuture<?> intervalTimer;
    private ScheduledFuture<?> durationTimer;

    /** Bytes of the current response message's prefix read so far (0 to 5), and its length once all are. */
    private int prefixRead;

    private long messageLength;
    private long messageLeft;

    GrpcCall(GrpcStreams connection) {
        this.connection = connection;
        this.driver = connection.driver();
        this.options = driver.options();
        GrpcDriver.Prepared prepared = connection.requests().prepared();
        this.clientStreams = prepared.type().clientSendsOneMessage() == false;
        this.serverStreams = prepared.type().serverSendsOneMessage() == false;
        this.maxMessageBytes = options.maxReceiveMessageBytes();
    }

    @Override
    public void start(Stream stream, long intendedNanos, long writeNanos) {
        this.stream = stream;
        this.active = true;
        this.intendedNanos = intendedNanos;
        this.writeNanos = writeNanos;
        this.lastEventNanos = writeNanos;
        this.code = OK;
        this.message = null;
        this.statusKnown = false;
        this.httpStatus = -1;
        this.resetCode = -1;
        this.messagesSent = 0;
        this.messagesReceived = 0;
        this.halfClosed = false;
        this.prefixRead = 0;
        this.messageLeft = 0;
        GrpcRequests requests = connection.requests();
        Http2Headers headers;
        int messageCount;
        if (requests.isStatic()) {
            long requestNumber = connection.variesByRequestNumber() ? driver.nextRequestNumber() : 1;
            framed = connection.framed(requestNumber);
            rendered = null;
            headers = requests.staticHeaders();
            messageCount = framed.length;
        } else {
            GrpcDriver.Prepared prepared = requests.prepared();
            Template.CallData data = new Template.CallData(
                    driver.nextRequestNumber(),
                    connection.workerId(),
                    prepared.fullMethodName(),
                    prepared.method().getService().getFullName(),
                    prepared.method().getName());
            headers = requests.staticHeaders() != null ? requests.staticHeaders() : requests.headersFor(data);
            if (requests.framedVariants() != null) {
                framed = connection.framed(data.requestNumber());
                rendered = null;
                messageCount = framed.length;
            } else {
                framed = null;
                byte[][] messages = prepared.data().messages(data);
                rendered = messages;
                messageCount = messages == null ? 0 : messages.length;
            }
            if (headers == null || (framed == null && rendered == null)) {
                // Templated data that no longer makes a message: the call fails without reaching the server, as
                // a client cancelling it would.
                endWithoutSending(
                        headers == null
                                ? "request metadata has a -bin value that is not base64"
                                : "request data does not match "
                                        + prepared.method().getInputType().getFullName());
                return;
            }
            if (rendered != null) {
                for (int i = 0; i < rendered.length; i++) {
                    rendered[i] = requests.frame(rendered[i]);
                }
            }
        }
        messagesToSend = !clientStreams
                ? 1
                : options.streamCallCount() > 0
                        ? options.streamCallCount()
                        : options.streamCallDurationNanos() > 0 ? Long.MAX_VALUE : messageCount;
        // The codec reports the new stream writable from inside writeHeaders: until the first messages are out,
        // onWritable must leave the sending to this method.
        sending = true;
        stream.writeHeaders(headers, false);
        if (!clientStreams) {
            sendOne(true);
            sending = false;
        } else {
            sending = false;
            if (options.streamIntervalNanos() > 0) {
                run();
            } else {
                sendWhileWritable();
            }
        }
        if (options.streamCallDurationNanos() > 0 && (clientStreams || serverStreams) && active && !statusKnown) {
            durationTimer = stream.loop().schedule(endStream, options.streamCallDurationNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void endWithoutSending(String description) {
        code = CANCELLED;
        message = description;
        statusKnown = true;
        endNanos = stream.complete();
    }

    /** Writes the next message; the last one of the call also ends the client's side of the stream. */
    private void sendOne(boolean last) {
        ByteBuf out;
        if (framed != null) {
            out = framed[(int) (messagesSent % framed.length)].retainedDuplicate();
        } else {
            out = Unpooled.wrappedBuffer(rendered[(int) (messagesSent % rendered.length)]);
        }
        messagesSent++;
        stream.writeData(out, last);
        stream.listener().onCount(CallStats.MESSAGES_SENT, intendedNanos, 1);
        if (last) {
            halfClosed = true;
        }
    }

    private void halfClose() {
        if (!halfClosed) {
            halfClosed = true;
            stream.writeData(Unpooled.EMPTY_BUFFER, true);
        }
    }

    private void sendWhileWritable() {
        while (active && !halfClosed && !statusKnown && messagesSent < messagesToSend && stream.isWritable()) {
            sendOne(false);
        }
        if (active && !statusKnown && messagesSent >= messagesToSend) {
            halfClose();
        }
    }

    @Override
    public void onWritable(Stream stream) {
        if (active && !sending && clientStreams && options.streamIntervalNanos() == 0) {
            sendWhileWritable();
        }
    }

    /** The stream interval elapsed: send the next message. */
    @Override
    public void run() {
        intervalTimer = null;
        if (!active || halfClosed || statusKnown) {
            return;
        }
        sendOne(false);
        if (messagesSent >= messagesToSend) {
            halfClose();
        } else {
            intervalTimer = stream.loop().schedule(this, options.streamIntervalNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** --stream-call-duration elapsed: a client stream half-closes, a server stream is cancelled. */
    private void endStream() {
        durationTimer = null;
        if (!active || statusKnown) {
            return;
        }
        if (clientStreams) {
            cancelTimers();
            halfClose();
        } else {
            endByClient();
        }
    }

    /** The client has what it wanted of a server stream: the call ends OK and the stream is cancelled. */
    private void endByClient() {
        code = OK;
        statusKnown = true;
        cancelTimers();
        endNanos = stream.complete();
        stream.cancel();
    }

    @Override
    public void onHeaders(Stream stream, Http2Headers headers, boolean trailers, boolean endOfStream) {
        if (!active || statusKnown) {
            return;
        }
        if (!trailers) {
            httpStatus = Http2ClientConnection.statusOf(headers.status());
            CharSequence contentType = headers.get(CONTENT_TYPE);
            if (!endOfStream
                    && (contentType == null
                            || !AsciiString.regionMatches(
                                    contentType, true, 0, APPLICATION_GRPC, 0, APPLICATION_GRPC.length()))) {
                // Not a gRPC response (an HTTP server or proxy answering): its body is no gRPC messages.
                code = httpStatus == 200 ? UNKNOWN : fromHttpStatus(httpStatus);
                message =
                        "unexpected content-type \"" + contentType + "\" in a response with HTTP status " + httpStatus;
                statusKnown = true;
                cancelTimers();
                endNanos = stream.complete();
                stream.cancel();
                return;
            }
        }
        if (endOfStream) {
            readStatus(headers);
            finish();
        }
    }

    private void readStatus(Http2Headers trailers) {
        CharSequence status = trailers.get(GRPC_STATUS);
        int parsed = status == null ? -1 : parseCode(status);
        if (parsed >= 0) {
            code = parsed;
            if (code != OK) {
                CharSequence text = trailers.get(GRPC_MESSAGE);
                message = text == null ? "" : percentDecode(text);
            }
        } else if (httpStatus != 200) {
            code = fromHttpStatus(httpStatus);
            message = "unexpected HTTP status code received from server: " + httpStatus;
        } else {
            code = status == null ? INTERNAL : UNKNOWN;
            message = status == null
                    ? "server closed the stream without sending trailers"
                    : "invalid grpc-status: " + status;
        }
        statusKnown = true;
    }

    /** The server ended its side: the call is complete; a client stream still sending is cut short. */
    private void finish() {
        cancelTimers();
        endNanos = stream.complete();
        if (!halfClosed) {
            halfClosed = true;
            stream.cancel();
        }
    }

    @Override
    public void onData(Stream stream, ByteBuf data, boolean endOfStream) {
        if (!active || statusKnown) {
            return;
        }
        int at = data.readerIndex();
        int end = data.writerIndex();
        while (at < end) {
            if (prefixRead < GrpcRequests.PREFIX_BYTES) {
                if (prefixRead == 0) {
                    messageLength = 0;
                } else {
                    messageLength = (messageLength << 8) | (data.getByte(at) & 0xff);
                }
                at++;
                prefixRead++;
                if (prefixRead == GrpcRequests.PREFIX_BYTES) {
                    if (messageLength > maxMessageBytes) {
                        tooLarge();
                        return;
                    }
                    messageLeft = messageLength;
                    if (messageLeft == 0) {
                        messageReceived();
                        if (statusKnown) {
                            return;
                        }
                    }
                }
            } else {
                int taken = (int) Math.min(end - at, messageLeft);
                at += taken;
                messageLeft -= taken;
                if (messageLeft == 0) {
                    messageReceived();
                    if (statusKnown) {
                        return;
                    }
                }
            }
        }
        if (endOfStream) {
            code = httpStatus != 200 ? fromHttpStatus(httpStatus) : INTERNAL;
            message = httpStatus != 200
                    ? "unexpected HTTP status code received from server: " + httpStatus
                    : "server closed the stream without sending trailers";
            statusKnown = true;
            finish();
        }
    }

    private void messageReceived() {
        prefixRead = 0;
        long now = stream.nanoTime();
        messagesReceived++;
        ExchangeListener listener = stream.listener();
        listener.onCount(CallStats.MESSAGES_RECEIVED, intendedNanos, 1);
        if (serverStreams) {
            listener.onValue(CallStats.MESSAGE_GAP, intendedNanos, now - lastEventNanos);
        }
        lastEventNanos = now;
        if (serverStreams
                && !clientStreams
                && options.streamCallCount() > 0
                && messagesReceived >= options.streamCallCount()) {
            endByClient();
        }
    }

    /** A response message above the limit: the call fails as gRPC's clients fail it, and the stream is cancelled. */
    private void tooLarge() {
        code = RESOURCE_EXHAUSTED;
        message = "grpc: received message larger than max (" + messageLength + " vs. " + maxMessageBytes + ")";
        statusKnown = true;
        cancelTimers();
        endNanos = stream.complete();
        stream.cancel();
    }

    @Override
    public void onReset(long errorCode) {
        resetCode = errorCode;
    }

    @Override
    public void end(ExchangeListener listener, Connection owner, ErrorKind failure, boolean aborted) {
        active = false;
        cancelTimers();
        framed = null;
        rendered = null;
        if (aborted) {
            listener.onExchangeFailed(owner, intendedNanos, writeNanos, failure);
            return;
        }
        if (failure != null) {
            endNanos = stream.nanoTime();
            failed(failure);
        }
        int status = code;
        if (status != OK) {
            listener.onErrorMessage(intendedNanos, GrpcStatusNames.describe(status, message));
        }
        // A deadline that passed is the run's timeout whoever noticed it first (the client's sweep or the server),
        // and counts as one; every other status but OK counts as an error status.
        ErrorKind error = status == OK ? null : status == DEADLINE_EXCEEDED ? ErrorKind.TIMEOUT : ErrorKind.STATUS;
        listener.onResponse(owner, intendedNanos, writeNanos, endNanos, status, error);
    }

    /** The status of a call whose stream ended without one, in the words of grpc-go, whose texts ghz prints. */
    private void failed(ErrorKind failure) {
        switch (failure) {
            case TIMEOUT -> {
                code = DEADLINE_EXCEEDED;
                message = "context deadline exceeded";
            }
            case READ -> {
                if (endNanos - writeNanos >= connection.deadlineNanos()) {
                    // The server's deadline, from the grpc-timeout sent, ended the call first: for the client it is
                    // the same deadline.
                    code = DEADLINE_EXCEEDED;
                    message = "context deadline exceeded";
                } else if (resetCode >= 0) {
                    code = resetCode == Http2Error.REFUSED_STREAM.code()
                            ? UNAVAILABLE
                            : resetCode == Http2Error.CANCEL.code() ? CANCELLED : INTERNAL;
                    Http2Error error = Http2Error.valueOf(resetCode);
                    message = "stream terminated by RST_STREAM with error code: "
                            + (error == null ? Long.toString(resetCode) : error.name());
                } else {
                    code = UNAVAILABLE;
                    message = "connection closed before the call completed";
                }
            }
            case WRITE -> {
                code = UNAVAILABLE;
                message = "cannot write the call to the connection";
            }
            default -> {
                code = INTERNAL;
                message = "HTTP/2 protocol error in the server's response";
            }
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

    /** {@code grpc-status} as a number, read without allocating, or -1 when it is not one. */
    static int parseCode(CharSequence text) {
        if (text.length() == 0 || text.length() > 9) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The gRPC status of a response that carries none, from its HTTP status (gRPC's documented mapping). */
    static int fromHttpStatus(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> INTERNAL;
            case 401 -> UNAUTHENTICATED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> UNIMPLEMENTED;
            case 429, 502, 503, 504 -> UNAVAILABLE;
            default -> UNKNOWN;
        };
    }

    /** {@code grpc-message} is percent-encoded UTF-8. */
    static String percentDecode(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    out.write((high << 4) | low);
                    i += 2;
                    continue;
                }
            }
            out.write(c);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
