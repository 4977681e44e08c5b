package dev.loadgen.http;

import dev.loadgen.core.Header;
import dev.loadgen.core.InputException;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.trace.Traceparent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Encodes the head of the run's one HTTP/1.1 request to bytes, once, before the run. Pure; any thread. */
final class RequestEncoder {
    private static final byte[] TRACEPARENT_PREFIX = (Traceparent.NAME + ": ").getBytes(StandardCharsets.ISO_8859_1);

    private RequestEncoder() {}

    /**
     * The request's head: request line, Host (unless the user gave one), Authorization for the URL's user info
     * (unless the user gave one), the user's headers in order, Content-Length for a body, and the blank line; the
     * body follows it on the wire.
     *
     * @throws InputException for a method or header that cannot go on the wire
     */
    static byte[] head(TargetSpec spec, HttpTarget target) throws InputException {
        String method = spec.method();
        if (method.isEmpty() || !isToken(method)) {
            throw new InputException("invalid HTTP method '" + method + "'");
        }
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target.requestTarget()).append(" HTTP/1.1\r\n");
        boolean userHost = false;
        boolean userAuthorization = false;
        for (Header header : spec.headers()) {
            String name = header.name();
            if (!isToken(name)) {
                throw new InputException("invalid header name '" + name + "'");
            }
            String value = header.value();
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new InputException("header '" + name + "' has a line break in its value");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
                // The body length is always computed from the body itself; a stale user value would corrupt framing.
                continue;
            }
            userHost |= lower.equals("host");
            userAuthorization |= lower.equals("authorization");
        }
        if (!userHost) {
            head.append("Host: ").append(target.hostHeader()).append("\r\n");
        }
        if (target.authorization() != null && !userAuthorization) {
            head.append("Authorization: ").append(target.authorization()).append("\r\n");
        }
        for (Header header : spec.headers()) {
            String lower = header.name().toLowerCase(Locale.ROOT);
            if (!lower.equals("content-length") && !lower.equals("transfer-encoding")) {
                head.append(header.name()).append(": ").append(header.value()).append("\r\n");
            }
        }
        byte[] body = spec.body();
        if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Where the value of the {@code traceparent} header of {@link #withTraceparent} starts: right after the
     * request line, whose end is the first CRLF of {@code request}.
     */
    static int traceparentOffset(byte[] request) {
        return requestLineEnd(request) + TRACEPARENT_PREFIX.length;
    }

    /**
     * {@code request} with a {@code traceparent} header as its first header, after the request line; the value is a
     * placeholder of the right length, which each traced request overwrites in place.
     */
    static byte[] withTraceparent(byte[] request) {
        int lineEnd = requestLineEnd(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.length + TRACEPARENT_PREFIX.length + 57);
        out.write(request, 0, lineEnd);
        out.writeBytes(TRACEPARENT_PREFIX);
        byte[] placeholder = new byte[Traceparent.LENGTH];
        Traceparent.set(placeholder, 0, 0, 1, 1);
        out.writeBytes(placeholder);
        out.write('\r');
        out.write('\n');
        out.write(request, lineEnd, request.length - lineEnd);
        return out.toByteArray();
    }

    /** The index just past the request line's CRLF. */
    private static int requestLineEnd(byte[] request) {
        for (int i = 0; i + 1 < request.length; i++) {
            if (request[i] == '\r' && request[i + 1] == '\n') {
                return i + 2;
            }
        }
        throw new IllegalArgumentException("no request line");
    }

    /** RFC 9110 token: visible ASCII except delimiters. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
