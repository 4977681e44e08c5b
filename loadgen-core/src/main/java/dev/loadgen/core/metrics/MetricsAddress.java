package dev.loadgen.core.metrics;

import dev.loadgen.core.InputException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the metrics endpoint listens: {@code [HOST:]PORT}, the host 127.0.0.1 unless one is given (an IPv6 address
 * in brackets, {@code [::1]:9464}), the port 0 for any free one. Immutable.
 *
 * @param address the resolved address and port
 */
public record MetricsAddress(InetSocketAddress address) {
    static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * Parses {@code text}; resolves a host name.
     *
     * @throws InputException for a missing or bad port, or a host that does not resolve
     */
    public static MetricsAddress parse(String text) throws InputException {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        String port = colon < 0 ? value : value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw bad(text, "write an IPv6 address in brackets, e.g. [::1]:9464");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(text, "expected [HOST:]PORT, e.g. 9464 or 0.0.0.0:9464");
        }
        if (number < 0 || number > 65535) {
            throw bad(text, "the port must be between 0 and 65535");
        }
        try {
            InetAddress resolved = InetAddress.getByName(host.isEmpty() ? DEFAULT_HOST : host);
            return new MetricsAddress(new InetSocketAddress(resolved, number));
        } catch (UnknownHostException | SecurityException e) {
            throw bad(text, "unknown host '" + host + "'");
        }
    }

    private static InputException bad(String text, String why) {
        return new InputException("--metrics-addr '" + text + "': " + why);
    }

    /** {@code host:port} as a URL writes it. */
    public String hostAndPort() {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
