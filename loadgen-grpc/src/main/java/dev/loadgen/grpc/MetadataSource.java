package dev.loadgen.grpc;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.loadgen.core.InputException;
import io.grpc.Metadata;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request metadata from a JSON object ({@code {"key":"value"}}, a value may also be an array of values), with
 * template actions rendered per call. Keys ending in {@code -bin} take base64 values. Immutable; any thread.
 */
final class MetadataSource {
    /** One value; exactly one of the keys is set, made once so that calls do not validate key names again. */
    private record Entry(Metadata.Key<String> asciiKey, Metadata.Key<byte[]> binaryKey, Template value) {
        static Entry of(String key, Template value) {
            return key.endsWith(Metadata.BINARY_HEADER_SUFFIX)
                    ? new Entry(null, Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER), value)
                    : new Entry(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), null, value);
        }
    }

    private final List<Entry> entries;
    private final Metadata fixed;

    private MetadataSource(List<Entry> entries, Metadata fixed) {
        this.entries = entries;
        this.fixed = fixed;
    }

    static MetadataSource parse(String json, String what) throws InputException {
        if (json == null || json.isBlank()) {
            return new MetadataSource(List.of(), new Metadata());
        }
        JsonObject object;
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new InputException(what + " must be a JSON object of strings, e.g. {\"key\":\"value\"}");
            }
            object = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new InputException("invalid JSON in " + what + ": " + RequestData.rootCause(e));
        }
        List<Entry> entries = new ArrayList<>();
        boolean templated = false;
        for (Map.Entry<String, JsonElement> field : object.entrySet()) {
            String key = field.getKey().toLowerCase(Locale.ROOT);
            if (key.isEmpty() || key.startsWith(":") || !key.matches("[0-9a-z_.-]+")) {
                throw new InputException("invalid metadata key '" + field.getKey() + "' in " + what);
            }
            List<JsonElement> values = new ArrayList<>();
            if (field.getValue().isJsonArray()) {
                field.getValue().getAsJsonArray().forEach(values::add);
            } else {
                values.add(field.getValue());
            }
            for (JsonElement value : values) {
                if (!value.isJsonPrimitive()) {
                    throw new InputException("metadata '" + key + "' in " + what + " must be a string");
                }
                String text = value.getAsString();
                templated |= Template.isTemplate(text);
                entries.add(Entry.of(key, Template.compile(text, what)));
            }
        }
        List<Entry> all = List.copyOf(entries);
        Metadata fixed = templated ? null : render(all, new Template.CallData(1, 0, "", "", ""));
        if (!templated && fixed == null) {
            throw new InputException("invalid base64 in a -bin metadata value in " + what);
        }
        return new MetadataSource(all, fixed);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean isStatic() {
        return fixed != null;
    }

    /** Fresh metadata for one call (gRPC adds its own headers to what it is given). */
    Metadata forCall(Template.CallData data) {
        Metadata out = new Metadata();
        if (fixed != null) {
            out.merge(fixed);
            return out;
        }
        Metadata rendered = render(entries, data);
        return rendered == null ? out : rendered;
    }

    /**
     * Adds the metadata of one call to {@code headers} as HTTP/2 header fields, binary values in unpadded base64
     * as gRPC sends them. Returns false, having added nothing useful, when a -bin value is not base64.
     *
     * @param data the call's data; may be null for static metadata
     */
    boolean addTo(Http2Headers headers, Template.CallData data) {
        for (Entry entry : entries) {
            String value = entry.value().render(data);
            if (entry.binaryKey() != null) {
                try {
                    value = Base64.getEncoder()
                            .withoutPadding()
                            .encodeToString(Base64.getDecoder().decode(value));
                } catch (IllegalArgumentException e) {
                    return false;
                }
                headers.add(new AsciiString(entry.binaryKey().name()), new AsciiString(value));
            } else {
                headers.add(new AsciiString(entry.asciiKey().name()), new AsciiString(value));
            }
        }
        return true;
    }

    /** The entries rendered for one call, or null when a -bin value is not base64. */
    private static Metadata render(List<Entry> entries, Template.CallData data) {
        Metadata out = new Metadata();
        for (Entry entry : entries) {
            String value = entry.value().render(data);
            if (entry.binaryKey() != null) {
                try {
                    out.put(entry.binaryKey(), Base64.getDecoder().decode(value));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            } else {
                out.put(entry.asciiKey(), value);
            }
        }
        return out;
    }
}
