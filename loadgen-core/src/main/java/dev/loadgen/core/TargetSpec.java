package dev.loadgen.core;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every request of a run is sent to and carries. Protocol neutral: the protocol chosen by the URI's scheme
 * decides what method, headers and body mean for it, and which it takes at all.
 *
 * @param uri          absolute target URI; its scheme selects the protocol
 * @param method       request method, upper case; null until the protocol picks its default
 * @param headers      extra headers in the order given
 * @param body         request body, empty for none; owned by the spec from then on (never copied: it may be large)
 * @param insecure     skip certificate and host-name verification
 * @param maxFileBytes the most a file read whole for the requests may hold ({@code --max-file-size})
 * @param secretParams query parameters whose values every output masks, lower case ({@link #displayUrl()})
 */
// Never compared nor hashed, so equals and hashCode by array identity do no harm.
@SuppressWarnings("ArrayRecordComponent")
public record TargetSpec(
        URI uri,
        String method,
        List<Header> headers,
        byte[] body,
        boolean insecure,
        long maxFileBytes,
        Set<String> secretParams) {
    /** How much a file read whole may hold unless {@code --max-file-size} says otherwise: 64 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 20;

    public TargetSpec {
        headers = List.copyOf(headers);
        secretParams = secretParams.stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** A target with the default file limit and secret parameters. */
    public TargetSpec(URI uri, String method, List<Header> headers, byte[] body, boolean insecure) {
        this(uri, method, headers, body, insecure, DEFAULT_MAX_FILE_BYTES, MaskedUrl.DEFAULT_SECRET_PARAMS);
    }

    /** This target with {@code newMethod} as its method. */
    public TargetSpec withMethod(String newMethod) {
        return new TargetSpec(uri, newMethod, headers, body, insecure, maxFileBytes, secretParams);
    }

    /** The body; callers must not modify the returned array. */
    @Override
    public byte[] body() {
        return body;
    }

    /** The URL as every output shows it: the user info's password and the secret parameters' values masked. */
    public String displayUrl() {
        return MaskedUrl.of(uri.toString(), secretParams);
    }
}
