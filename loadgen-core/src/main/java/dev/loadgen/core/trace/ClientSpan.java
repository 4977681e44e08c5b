package dev.loadgen.core.trace;

import java.util.Map;

/**
 * What the client span of a traced request looks like, by the protocol's semantic conventions: the span's name, the
 * attributes every span of the run has, and the attribute that takes the response's status code. Immutable.
 *
 * @param name            the span's name ({@code GET}; {@code package.Service/Method})
 * @param attributes      attributes of every span, by key; values are strings or longs
 * @param statusAttribute the key of the response's status code ({@code http.response.status_code})
 */
public record ClientSpan(String name, Map<String, Object> attributes, String statusAttribute) {
    public ClientSpan {
        attributes = Map.copyOf(attributes);
    }
}
