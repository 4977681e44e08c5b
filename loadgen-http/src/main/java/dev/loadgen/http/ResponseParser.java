package dev.loadgen.http;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Incremental HTTP/1.1 response parser that reads only what a load generator needs: the status, how the body
 * is delimited (Content-Length, chunked, or close) and whether the server keeps the connection. Bodies are
 * skipped, never copied. Header lines are copied into one buffer, which grows only the first times a longer line
 * than any before comes (at most six times in a connection's life), and only the names that matter are compared:
 * per response it allocates nothing.
 *
 * <p>Netty's HttpObjectDecoder would build header and message objects for every response; this parser
 * exists so the per-request path stays allocation free. Confined to one connection's event loop.
 */
final class ResponseParser {
    /** Outcome of {@link #parse}. */
    enum Result {
        NEED_MORE,
        COMPLETE,
        MALFORMED
    }

    private enum State {
        STATUS_LINE,
        HEADERS,
        BODY_LENGTH,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_END,
        TRAILERS,
        BODY_UNTIL_CLOSE
    }

    /** Longest line kept whole; longer header lines are only matched on their prefix, which is all that matters. */
    private static final int LINE_CAPACITY = 8192;
    /**
     * The line buffer's first size, enough for the lines of a typical response. It grows (doubling, up to
     * {@link #LINE_CAPACITY}) only when a longer line comes, which a connection meets once if ever: a load with
     * 10,000 connections then holds 10,000 small buffers rather than 80 MB of full-size ones.
     */
    static final int INITIAL_LINE_CAPACITY = 256;

    private static final byte[] STATUS_PREFIX = ascii("HTTP/1.");
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] KEEP_ALIVE = ascii("keep-alive");

    private byte[] line = new byte[INITIAL_LINE_CAPACITY];
    private int lineLength;
    private State state = State.STATUS_LINE;
    private boolean headRequest;
    private int status;
    private boolean http10;
    private boolean keepAlive;
    private boolean sawKeepAlive;
    private boolean chunked;
    private long contentLength;
    private long remaining;

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Prepares for the response to the next request; {@code headRequest} responses have no body. */
    void reset(boolean headRequest) {
        this.headRequest = headRequest;
        state = State.STATUS_LINE;
        lineLength = 0;
    }

    /** Status code of the response parsed last (valid after {@link Result#COMPLETE}). */
    int status() {
        return status;
    }

    /** Whether the connection may carry another request after the response parsed last. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** Whether the body in progress ends when the server closes the connection. */
    boolean bodyEndsAtClose() {
        return state == State.BODY_UNTIL_CLOSE;
    }

    /**
     * Whether the bytes received so far already break the protocol although their line is unfinished (a chunk
     * size that is not hex), so a close at this point is the server's protocol error rather than a cut read.
     */
    boolean partialLineMalformed() {
        if (state == State.STATUS_LINE) {
            // Anything but "HTTP/1." to start with (an HTTP/2 frame from a server that speaks only HTTP/2, say).
            for (int i = 0; i < Math.min(lineLength, STATUS_PREFIX.length); i++) {
                if (line[i] != STATUS_PREFIX[i]) {
                    return true;
                }
            }
            return false;
        }
        if (state != State.CHUNK_SIZE) {
            return false;
        }
        for (int i = 0; i < lineLength && line[i] != ';'; i++) {
            if (Character.digit(line[i], 16) < 0 && line[i] != '\r' && line[i] != ' ' && line[i] != '\t') {
                return true;
            }
        }
        return false;
    }

    /** Whether any byte of the current response has been consumed. */
    boolean started() {
        return state != State.STATUS_LINE || lineLength > 0;
    }

    /**
     * Consumes bytes of {@code in} up to the end of the response. Bytes after a complete response are left in
     * {@code in} (a server must not send them unasked; the caller treats them as a protocol error).
     */
    Result parse(ByteBuf in) {
        while (in.isReadable()) {
            switch (state) {
                case STATUS_LINE, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    if (!readLine(in)) {
                        // A status line that cannot become one fails now, not when the server closes or the
                        // request times out.
                        return state == State.STATUS_LINE && partialLineMalformed()
                                ? Result.MALFORMED
                                : Result.NEED_MORE;
                    }
                    Result result = onLine();
                    lineLength = 0;
                    if (result != Result.NEED_MORE) {
                        return result;
                    }
                }
                case BODY_LENGTH, CHUNK_DATA -> {
                    int skip = (int) Math.min(remaining, in.readableBytes());
                    in.skipBytes(skip);
                    remaining -= skip;
                    if (remaining == 0) {
                        if (state == State.BODY_LENGTH) {
                            return Result.COMPLETE;
                        }
                        state = State.CHUNK_END;
                    }
                }
                case BODY_UNTIL_CLOSE -> in.skipBytes(in.readableBytes());
                default -> throw new IllegalStateException(state.name());
            }
        }
        return Result.NEED_MORE;
    }

    /** Copies bytes up to and including LF into {@link #line}; true when the line is complete. */
    private boolean readLine(ByteBuf in) {
        int start = in.readerIndex();
        int lf = in.forEachByte(ByteProcessor.FIND_LF);
        int end = lf < 0 ? in.writerIndex() : lf;
        int needed = lineLength + end - start;
        if (needed > line.length && line.length < LINE_CAPACITY) {
            line = java.util.Arrays.copyOf(line, Math.min(LINE_CAPACITY, Math.max(line.length * 2, needed)));
        }
        int copy = Math.min(end - start, line.length - lineLength);
        in.getBytes(start, line, lineLength, copy);
        lineLength += copy;
        in.readerIndex(lf < 0 ? end : lf + 1);
        if (lf < 0) {
            return false;
        }
        if (lineLength > 0 && line[lineLength - 1] == '\r') {
            lineLength--;
        }
        return true;
    }

    private Result onLine() {
        return switch (state) {
            case STATUS_LINE -> onStatusLine();
            case HEADERS -> lineLength == 0 ? onHeadersEnd() : onHeader();
            case CHUNK_SIZE -> onChunkSize();
            case CHUNK_END -> {
                if (lineLength != 0) {
                    yield Result.MALFORMED;
                }
                state = State.CHUNK_SIZE;
                yield Result.NEED_MORE;
            }
            case TRAILERS -> lineLength == 0 ? Result.COMPLETE : Result.NEED_MORE;
            default -> throw new IllegalStateException(state.name());
        };
    }

    private Result onStatusLine() {
        // "HTTP/1.x NNN reason"
        if (lineLength < 12
                || line[0] != 'H'
                || line[1] != 'T'
                || line[2] != 'T'
                || line[3] != 'P'
                || line[4] != '/'
                || line[5] != '1'
                || line[6] != '.'
                || line[8] != ' '
                || (lineLength > 12 && line[12] != ' ')) {
            return Result.MALFORMED;
        }
        int code = 0;
        for (int i = 9; i < 12; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return Result.MALFORMED;
            }
            code = code * 10 + digit;
        }
        status = code;
        http10 = line[7] == '0';
        sawKeepAlive = false;
        keepAlive = !http10;
        chunked = false;
        contentLength = -1;
        state = State.HEADERS;
        return Result.NEED_MORE;
    }

    private Result onHeader() {
        int colon = indexOf((byte) ':', 0, lineLength);
        if (colon <= 0) {
            return Result.MALFORMED;
        }
        int valueStart = colon + 1;
        while (valueStart < lineLength && (line[valueStart] == ' ' || line[valueStart] == '\t')) {
            valueStart++;
        }
        int valueEnd = lineLength;
        while (valueEnd > valueStart && (line[valueEnd - 1] == ' ' || line[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        if (nameIs(CONTENT_LENGTH, colon)) {
            long value = parseDecimal(valueStart, valueEnd);
            if (value < 0 || (contentLength >= 0 && contentLength != value)) {
                return Result.MALFORMED;
            }
            contentLength = value;
        } else if (nameIs(TRANSFER_ENCODING, colon)) {
            chunked = endsWithToken(CHUNKED, valueStart, valueEnd);
        } else if (nameIs(CONNECTION, colon)) {
            if (containsToken(CLOSE, valueStart, valueEnd)) {
                keepAlive = false;
            } else if (containsToken(KEEP_ALIVE, valueStart, valueEnd)) {
                sawKeepAlive = true;
            }
        }
        return Result.NEED_MORE;
    }

    private Result onHeadersEnd() {
        if (http10 && sawKeepAlive) {
            keepAlive = true;
        }
        if (status >= 100 && status < 200 && status != 101) {
            state = State.STATUS_LINE;
            return Result.NEED_MORE;
        }
        if (headRequest || status == 204 || status == 304 || status == 101) {
            return Result.COMPLETE;
        }
        if (chunked) {
            state = State.CHUNK_SIZE;
            return Result.NEED_MORE;
        }
        if (contentLength >= 0) {
            if (contentLength == 0) {
                return Result.COMPLETE;
            }
            remaining = contentLength;
            state = State.BODY_LENGTH;
            return Result.NEED_MORE;
        }
        keepAlive = false;
        state = State.BODY_UNTIL_CLOSE;
        return Result.NEED_MORE;
    }

    private Result onChunkSize() {
        int end = indexOf((byte) ';', 0, lineLength);
        if (end < 0) {
            end = lineLength;
        }
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        if (end == 0 || end > 15) {
            return Result.MALFORMED;
        }
        long size = 0;
        for (int i = 0; i < end; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0) {
                return Result.MALFORMED;
            }
            size = size << 4 | digit;
        }
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
        return Result.NEED_MORE;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean nameIs(byte[] lowerName, int nameLength) {
        if (nameLength != lowerName.length) {
            return false;
        }
        return regionEqualsIgnoreCase(lowerName, 0);
    }

    private boolean regionEqualsIgnoreCase(byte[] lower, int offset) {
        for (int i = 0; i < lower.length; i++) {
            byte c = line[offset + i];
            if (c >= 'A' && c <= 'Z') {
                c = (byte) (c + ('a' - 'A'));
            }
            if (c != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean endsWithToken(byte[] token, int from, int to) {
        int start = to - token.length;
        return start >= from && regionEqualsIgnoreCase(token, start) && (start == from || isSeparator(line[start - 1]));
    }

    private boolean containsToken(byte[] token, int from, int to) {
        for (int i = from; i + token.length <= to; i++) {
            if ((i == from || isSeparator(line[i - 1]))
                    && regionEqualsIgnoreCase(token, i)
                    && (i + token.length == to || isSeparator(line[i + token.length]))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSeparator(byte b) {
        return b == ',' || b == ' ' || b == '\t';
    }

    private long parseDecimal(int from, int to) {
        if (from == to || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = line[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
