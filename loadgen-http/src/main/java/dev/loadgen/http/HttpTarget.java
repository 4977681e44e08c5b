package dev.loadgen.http;

import dev.loadgen.core.InputException;
import java.net.URI;
import java.util.Locale;

/**
 * The parts of an http or https URI a connection needs, checked once. Immutable.
 *
 * @param tls        whether the scheme is https
 * @param host       host name or literal address, without IPv6 brackets
 * @param port       explicit port, or the scheme's default
 * @param requestTarget path and query as sent on the request line
 * @param hostHeader value of the Host header: the host, with the port when it is not the default
 */
record HttpTarget(boolean tls, String host, int port, String requestTarget, String hostHeader) {

    static HttpTarget of(URI uri) throws InputException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InputException("unsupported URL scheme '" + scheme + "' for the HTTP driver");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InputException("URL has no host: " + uri);
        }
        if (uri.getRawUserInfo() != null) {
            throw new InputException("URL user info is not supported; send credentials with -H 'Authorization: ...'");
        }
        boolean tls = scheme.equals("https");
        int defaultPort = tls ? 443 : 80;
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new InputException("URL port out of range: " + uri.getPort());
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        return new HttpTarget(tls, bareHost, port, target, hostHeader);
    }
}
