package dev.loadgen.core;

import java.net.URI;
import java.util.List;

/**
 * What every request of a run is sent to and carries. Protocol neutral: the driver chosen by the URI's scheme
 * decides what method, headers and body mean for its protocol.
 *
 * @param uri      absolute target URI; its scheme selects the driver
 * @param method   request method (HTTP verb), upper case
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

    /** The body; callers must not modify the returned array. */
    @Override
    public byte[] body() {
        return body;
    }
}
