package dev.loadgen.core;

import java.net.URI;
import java.util.List;

/**
 * What every request of a run is sent to and carries. Protocol neutral: the protocol chosen by the URI's scheme
 * decides what method, headers and body mean for it, and which it takes at all.
 *
 * @param uri      absolute target URI; its scheme selects the protocol
 * @param method   request method, upper case; null until the protocol picks its default
 * @param headers  extra headers in the order given
 * @param body     request body, empty for none
 * @param insecure skip certificate and host-name verification
 */
// Never compared nor hashed, so equals and hashCode by array identity do no harm.
@SuppressWarnings("ArrayRecordComponent")
public record TargetSpec(URI uri, String method, List<Header> headers, byte[] body, boolean insecure) {
    public TargetSpec {
        headers = List.copyOf(headers);
        body = body.clone();
    }

    /** This target with {@code newMethod} as its method. */
    public TargetSpec withMethod(String newMethod) {
        return new TargetSpec(uri, newMethod, headers, body, insecure);
    }

    /** The body; callers must not modify the returned array. */
    @Override
    public byte[] body() {
        return body;
    }
}
