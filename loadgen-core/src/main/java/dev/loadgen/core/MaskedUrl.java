package dev.loadgen.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A URL as every output shows it: the password of its user info ({@code http://user:****@host/}, all of the user
 * info when it has no colon, which may well be a token) and the values of query parameters that carry secrets
 * ({@code ?access_token=****}) masked. Works on the text, so that a URL that does not even parse is masked before
 * an error message quotes it. Pure; any thread.
 */
public final class MaskedUrl {
    /** What replaces a secret. */
    public static final String MASK = "****";

    /**
     * Query parameters whose values are masked unless the user names others too ({@code --mask-param}); compared
     * without regard to case.
     */
    public static final Set<String> DEFAULT_SECRET_PARAMS = Set.of(
            "access_token",
            "refresh_token",
            "id_token",
            "token",
            "password",
            "passwd",
            "secret",
            "client_secret",
            "api_key",
            "apikey",
            "key",
            "sig",
            "signature",
            "x-amz-signature",
            "x-amz-security-token",
            "x-goog-signature");

    private MaskedUrl() {}

    /** {@code url} with its user info's password and the values of {@code secretParams} (lower case) masked. */
    public static String of(String url, Set<String> secretParams) {
        int scheme = url.indexOf("://");
        int authorityStart = scheme < 0 ? 0 : scheme + 3;
        int authorityEnd = firstOf(url, authorityStart, "/?#");
        String authority = url.substring(authorityStart, authorityEnd);
        int at = authority.lastIndexOf('@');
        StringBuilder out = new StringBuilder(url.length());
        out.append(url, 0, authorityStart);
        if (scheme >= 0 && at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            out.append(colon < 0 ? MASK : userInfo.substring(0, colon + 1) + MASK)
                    .append(authority, at, authority.length());
        } else {
            out.append(authority);
        }
        int query = url.indexOf('?', authorityEnd);
        int fragment = url.indexOf('#', authorityEnd);
        if (query < 0 || (fragment >= 0 && fragment < query)) {
            return out.append(url, authorityEnd, url.length()).toString();
        }
        int queryEnd = fragment < 0 ? url.length() : fragment;
        out.append(url, authorityEnd, query + 1);
        String[] parameters = url.substring(query + 1, queryEnd).split("&", -1);
        for (int i = 0; i < parameters.length; i++) {
            if (i > 0) {
                out.append('&');
            }
            String parameter = parameters[i];
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (equals >= 0 && secretParams.contains(decode(name).toLowerCase(Locale.ROOT))) {
                out.append(name).append('=').append(MASK);
            } else {
                out.append(parameter);
            }
        }
        return out.append(url, queryEnd, url.length()).toString();
    }

    /** {@link #of(String, Set)} with the default secret parameters. */
    public static String of(String url) {
        return of(url, DEFAULT_SECRET_PARAMS);
    }

    private static int firstOf(String text, int from, String characters) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** A parameter name as a form decodes it: %XX as UTF-8 bytes, '+' as a space; bad escapes kept as written. */
    private static String decode(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                int high = Character.digit(name.charAt(i + 1), 16);
                int low = Character.digit(name.charAt(i + 2), 16);
                if (high >= 0 && low >= 0) {
                    bytes.write(high << 4 | low);
                    i += 2;
                    continue;
                }
            }
            byte[] encoded = String.valueOf(c == '+' ? ' ' : c).getBytes(StandardCharsets.UTF_8);
            bytes.write(encoded, 0, encoded.length);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
