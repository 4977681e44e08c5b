package dev.loadgen.grpc;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.loadgen.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The serialized request messages of each call. Static data (no template actions) is serialized once and the
 * same arrays are handed to every call; templated data is rendered and serialized per call. A JSON array is the
 * messages of one stream for client-streaming and bidi calls, and is cycled through call by call for unary and
 * server-streaming calls, as ghz does. Immutable; any thread.
 */
final class RequestData {
    private static final byte[][] EMPTY_MESSAGE = {new byte[0]};

    private final Descriptor type;
    private final JsonFormat.Parser parser;
    private final boolean streamOfMessages;
    private final byte[][][] perCall;
    private final Template template;
    private final String what;

    private RequestData(
            Descriptor type,
            JsonFormat.Parser parser,
            boolean streamOfMessages,
            byte[][][] perCall,
            Template template,
            String what) {
        this.type = type;
        this.parser = parser;
        this.streamOfMessages = streamOfMessages;
        this.perCall = perCall;
        this.template = template;
        this.what = what;
    }

    /** The default message of {@code type}: every field unset. */
    static RequestData empty(Descriptor type) {
        return new RequestData(type, null, false, new byte[][][] {EMPTY_MESSAGE}, null, "");
    }

    /** One serialized message (ghz's --binary), sent as is. */
    @SuppressWarnings("IgnoredPureGetter") // parsed only to reject bytes that are not such a message
    static RequestData binary(Descriptor type, byte[] message) throws InputException {
        try {
            DynamicMessage.parseFrom(type, message);
        } catch (InvalidProtocolBufferException e) {
            throw new InputException("--binary-file is not a serialized " + type.getFullName() + ": " + e.getMessage());
        }
        return new RequestData(type, null, false, new byte[][][] {{message.clone()}}, null, "");
    }

    /**
     * Request data given as JSON, checked against {@code type} now: a field the message does not have, or a
     * value of the wrong kind, fails here with the field's name.
     */
    static RequestData json(
            Descriptor type,
            JsonFormat.TypeRegistry registry,
            String json,
            boolean clientStreams,
            Template.CallData sample)
            throws InputException {
        JsonFormat.Parser parser = JsonFormat.parser().usingTypeRegistry(registry);
        String what = "--data for " + type.getFullName();
        if (Template.isTemplate(json)) {
            Template template = Template.compile(json, "--data");
            RequestData data = new RequestData(type, parser, clientStreams, null, template, what);
            data.encode(template.render(sample));
            return data;
        }
        byte[][] messages = new RequestData(type, parser, clientStreams, null, null, what).encode(json);
        byte[][][] perCall;
        if (clientStreams) {
            perCall = new byte[][][] {messages};
        } else {
            perCall = new byte[messages.length][][];
            for (int i = 0; i < messages.length; i++) {
                perCall[i] = new byte[][] {messages[i]};
            }
        }
        return new RequestData(type, parser, clientStreams, perCall, null, what);
    }

    /** Whether every call reuses prepared bytes. */
    boolean isStatic() {
        return template == null;
    }

    /**
     * The messages of call number {@code requestNumber} (from 1). Static data returns shared arrays, which callers
     * must not modify; templated data is rendered here, and a render that no longer parses yields null.
     */
    byte[][] messages(Template.CallData data) {
        if (template == null) {
            return staticMessages(data.requestNumber());
        }
        String json = template.render(data);
        try {
            if (json.stripLeading().startsWith("{")) {
                // One message: the protobuf parser reads the text itself, without a second parse into a tree.
                DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
                parser.merge(json, builder);
                return new byte[][] {builder.build().toByteArray()};
            }
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // Not a message after all: the general path below decides, as for any other text.
        }
        try {
            return encode(json, streamOfMessages ? 0 : data.requestNumber());
        } catch (InputException e) {
            return null;
        }
    }

    /** Static data only: how many message sets calls cycle through, in the order of {@link #staticMessages}. */
    int staticVariants() {
        return perCall.length;
    }

    /** Static data only: the messages of call {@code requestNumber}, without building call data. */
    byte[][] staticMessages(long requestNumber) {
        return perCall[(int) ((requestNumber - 1) % perCall.length)];
    }

    private byte[][] encode(String json) throws InputException {
        return encode(json, 0);
    }

    /**
     * The messages of {@code json}, an object or an array of objects; for {@code requestNumber} above 0 only the
     * one that call takes from an array, which is then the only one encoded.
     */
    private byte[][] encode(String json, long requestNumber) throws InputException {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new InputException("invalid JSON in " + what + ": " + rootCause(e));
        }
        List<JsonElement> elements = new ArrayList<>();
        if (root.isJsonArray()) {
            JsonArray array = root.getAsJsonArray();
            if (array.isEmpty()) {
                throw new InputException(what + " is an empty array; give at least one message");
            }
            if (requestNumber > 0) {
                elements.add(array.get((int) ((requestNumber - 1) % array.size())));
            } else {
                array.forEach(elements::add);
            }
        } else if (root.isJsonObject()) {
            elements.add(root);
        } else {
            throw new InputException(what + " must be a JSON object (or an array of objects), not " + json.strip());
        }
        byte[][] messages = new byte[elements.size()][];
        for (int i = 0; i < messages.length; i++) {
            DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
            try {
                parser.merge(elements.get(i).toString(), builder);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw new InputException("JSON does not match " + type.getFullName()
                        + (messages.length > 1 ? " (message " + (i + 1) + ")" : "") + ": "
                        + reason(elements.get(i), e));
            }
            messages[i] = builder.build().toByteArray();
        }
        return messages;
    }

    /**
     * The parser's own reason, with the top-level field it failed on: protobuf names a field it does not know, but
     * not one whose value is of the wrong kind ("Not an int32 value"). Found by parsing the fields one at a time,
     * which only bad input pays for.
     */
    private String reason(JsonElement element, Exception e) {
        String reason = e.getMessage() == null
                ? rootCause(e)
                : e.getMessage().lines().findFirst().orElse("");
        if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> field :
                    element.getAsJsonObject().entrySet()) {
                JsonObject alone = new JsonObject();
                alone.add(field.getKey(), field.getValue());
                try {
                    parser.merge(alone.toString(), DynamicMessage.newBuilder(type));
                } catch (InvalidProtocolBufferException | RuntimeException fieldFailure) {
                    return "field '" + field.getKey() + "': " + reason;
                }
            }
        }
        return reason;
    }

    /**
     * The innermost message's first line: the JSON parser's reason and where, without the second line it adds, a
     * web address of its troubleshooting guide.
     */
    static String rootCause(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        while (cause != null && cause.getMessage() != null) {
            message = cause.getMessage();
            cause = cause.getCause();
        }
        return message == null
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse(message);
    }
}
