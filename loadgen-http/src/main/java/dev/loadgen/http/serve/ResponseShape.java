package dev.loadgen.http.serve;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a request's query asks the target server to answer with. Immutable.
 *
 * <ul>
 *   <li>{@code status}: the status code, 200 to 599. Informational codes are refused: they cannot end an
 *       exchange.</li>
 *   <li>{@code size}: the body length in bytes; {@code k} means 1024 bytes and {@code m} 1048576 (binary, as body
 *       sizes usually are), at most {@code 64m}.</li>
 *   <li>{@code delay}: how long to hold the response, a whole number with unit {@code us}, {@code ms} or
 *       {@code s}; a bare number is milliseconds. At most {@code 60s}.</li>
 * </ul>
 * Other parameters are ignored. Each may appear once.
 */
record ResponseShape(int status, int bodyBytes, long delayNanos) {
    static final String GREETING = "Hello from loadgen\n";
    static final int MAX_BODY_BYTES = 64 << 20;
    static final long MAX_DELAY_NANOS = TimeUnit.SECONDS.toNanos(60);
    static final ResponseShape DEFAULT = new ResponseShape(200, GREETING.length(), 0);

    /** Longest value quoted back in an error, so a reason stays one short line. */
    private static final int MAX_QUOTED_CHARS = 40;

    /** The shape {@code uri}'s query asks for. */
    static ResponseShape fromUri(String uri) throws BadParameterException {
        if (uri.indexOf('?') < 0) {
            return DEFAULT;
        }
        Map<String, List<String>> parameters;
        try {
            parameters = new QueryStringDecoder(uri).parameters();
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("malformed query: bad percent-encoding");
        }
        String status = single(parameters, "status");
        String size = single(parameters, "size");
        String delay = single(parameters, "delay");
        return new ResponseShape(
                status == null ? DEFAULT.status : parseStatus(status),
                size == null ? DEFAULT.bodyBytes : parseSize(size),
                delay == null ? DEFAULT.delayNanos : parseDelayNanos(delay));
    }

    static int parseStatus(String value) throws BadParameterException {
        long code = wholeNumber(value, value.length());
        if (code < 200 || code > 599) {
            throw new BadParameterException(
                    "bad status " + quote(value) + ": expected a final status code, 200 to 599");
        }
        return (int) code;
    }

    static int parseSize(String value) throws BadParameterException {
        int digits = digitsEnd(value);
        long unit = switch (value.substring(digits)) {
            case "" -> 1;
            case "k", "K" -> 1024;
            case "m", "M" -> 1024 * 1024;
            default -> -1;
        };
        long count = wholeNumber(value, digits);
        if (unit < 0 || count < 0) {
            throw new BadParameterException("bad size " + quote(value)
                    + ": expected a whole number of bytes, optionally with k (1024) or m (1048576)");
        }
        if (count > MAX_BODY_BYTES / unit) {
            throw new BadParameterException("bad size " + quote(value) + ": at most 64m");
        }
        return (int) (count * unit);
    }

    static long parseDelayNanos(String value) throws BadParameterException {
        int digits = digitsEnd(value);
        long unitNanos = switch (value.substring(digits)) {
            case "us" -> TimeUnit.MICROSECONDS.toNanos(1);
            case "", "ms" -> TimeUnit.MILLISECONDS.toNanos(1);
            case "s" -> TimeUnit.SECONDS.toNanos(1);
            default -> -1;
        };
        long count = wholeNumber(value, digits);
        if (unitNanos < 0 || count < 0) {
            throw new BadParameterException("bad delay " + quote(value)
                    + ": expected a whole number with unit us, ms or s (a bare number is ms)");
        }
        if (count > MAX_DELAY_NANOS / unitNanos) {
            throw new BadParameterException("bad delay " + quote(value) + ": at most 60s");
        }
        return count * unitNanos;
    }

    private static String single(Map<String, List<String>> parameters, String name) throws BadParameterException {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new BadParameterException(name + " given more than once");
        }
        return values.get(0);
    }

    private static int digitsEnd(String value) {
        int end = 0;
        while (end < value.length() && value.charAt(end) >= '0' && value.charAt(end) <= '9') {
            end++;
        }
        return end;
    }

    /**
     * The number written by the ASCII digits {@code value[0, end)}, {@link Long#MAX_VALUE} when it has too many
     * digits for a long (always over any cap), or -1 when there are none or a non-digit comes first.
     */
    private static long wholeNumber(String value, int end) {
        if (end == 0 || digitsEnd(value) < end) {
            return -1;
        }
        return end > 18 ? Long.MAX_VALUE : Long.parseLong(value, 0, end, 10);
    }

    /** The value in quotes, shortened and with control characters replaced, so a reason stays one line. */
    private static String quote(String value) {
        StringBuilder quoted = new StringBuilder("'");
        for (int i = 0; i < Math.min(value.length(), MAX_QUOTED_CHARS); i++) {
            char c = value.charAt(i);
            quoted.append(Character.isISOControl(c) ? '?' : c);
        }
        return quoted.append(value.length() > MAX_QUOTED_CHARS ? "...'" : "'").toString();
    }
}
