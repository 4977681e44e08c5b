package dev.loadgen.http;

import dev.loadgen.core.InputException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The parts of an http or https URI a connection needs, checked once. Immutable.
 *
 * @param tls        whether the scheme is https
 * @param host       host name or literal address, without IPv6 brackets
 * @param port       explicit port, or the scheme's default
 * @param requestTarget path and query as sent on the request line: ASCII, anything beyond percent-encoded as UTF-8
 * @param hostHeader value of the Host header: the host, with the port when it is not the default
 * @param authorization value of the Authorization header the URL's user info stands for ({@code Basic ...}), or
 *                   null; a user's own {@code -H 'Authorization: ...'} replaces it
 */
record HttpTarget(boolean tls, String host, int port, String requestTarget, String hostHeader, String authorization) {

    static HttpTarget of(URI uri) throws InputException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InputException("unsupported URL scheme '" + scheme + "' for the HTTP driver");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new InputException("URL has no host: " + uri);
        }
        boolean tls = scheme.equals("https");
        int defaultPort = tls ? 443 : 80;
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        if (port < 1 || port > 65535) {
            throw new InputException("URL port out of range: " + uri.getPort());
        }
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        // The request line is ASCII: characters beyond it go as their UTF-8 bytes percent-encoded (RFC 3986, 2.5),
        // as browsers and curl send them; what the user already encoded stays as it is.
        URI ascii = URI.create(uri.toASCIIString());
        String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
        String target = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        return new HttpTarget(tls, bareHost, port, target, hostHeader, basicAuthorization(uri.getRawUserInfo()));
    }

    /**
     * {@code Basic base64(user:password)} of the URL's user info, percent-decoded first (RFC 3986, 3.2.1), as curl
     * sends it; null without user info.
     */
    private static String basicAuthorization(String rawUserInfo) throws InputException {
        if (rawUserInfo == null) {
            return null;
        }
        String credentials;
        try {
            credentials = URLDecoder.decode(rawUserInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InputException("the URL's user info has a '%' that is not followed by two hex digits");
        }
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
