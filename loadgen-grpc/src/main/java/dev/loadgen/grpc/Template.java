package dev.loadgen.grpc;

import dev.loadgen.core.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ghz's call-data templates inside request data and metadata: {@code {{.RequestNumber}}}, {@code {{.WorkerID}}},
 * {@code {{.TimestampUnix}}} (also {@code Milli} and {@code Nano}), {@code {{.FullyQualifiedName}}},
 * {@code {{.MethodName}}}, {@code {{.ServiceName}}}, {@code {{.UUID}}}, {@code {{newUUID}}},
 * {@code {{randomInt MIN MAX}}} and {@code {{randomString N}}}. Compiled once; {@link #render} is safe on any
 * thread.
 */
final class Template {
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private static final char[] LETTERS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    /** What a call's data is rendered with. */
    record CallData(long requestNumber, int workerId, String fullMethod, String service, String method) {}

    private interface Part {
        void append(StringBuilder out, CallData data);
    }

    private final List<Part> parts;
    private final String source;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** Whether {@code text} contains template actions at all. */
    static boolean isTemplate(String text) {
        return text != null && ACTION.matcher(text).find();
    }

    static Template compile(String text, String what) throws InputException {
        List<Part> parts = new ArrayList<>();
        Matcher matcher = ACTION.matcher(text);
        int last = 0;
        while (matcher.find()) {
            if (matcher.start() > last) {
                String literal = text.substring(last, matcher.start());
                parts.add((out, data) -> out.append(literal));
            }
            parts.add(action(matcher.group(1), what));
            last = matcher.end();
        }
        if (last < text.length()) {
            String literal = text.substring(last);
            parts.add((out, data) -> out.append(literal));
        }
        return new Template(text, List.copyOf(parts));
    }

    private static Part action(String action, String what) throws InputException {
        String[] words = action.trim().split("\\s+");
        switch (words[0]) {
            case ".RequestNumber":
                return (out, data) -> out.append(data.requestNumber());
            case ".WorkerID":
                return (out, data) -> out.append("g").append(data.workerId()).append("c0");
            case ".TimestampUnix":
                return (out, data) -> out.append(System.currentTimeMillis() / 1000);
            case ".TimestampUnixMilli":
                return (out, data) -> out.append(System.currentTimeMillis());
            case ".TimestampUnixNano":
                return (out, data) -> {
                    java.time.Instant now = java.time.Instant.now();
                    out.append(now.getEpochSecond() * 1_000_000_000L + now.getNano());
                };
            case ".FullyQualifiedName":
                return (out, data) -> out.append(data.fullMethod());
            case ".MethodName":
                return (out, data) -> out.append(data.method());
            case ".ServiceName":
                return (out, data) -> out.append(data.service());
            case ".UUID":
            case "newUUID":
                return (out, data) -> out.append(UUID.randomUUID());
            case "randomInt": {
                long[] range = numbers(words, 2, action, what);
                if (range[1] <= range[0]) {
                    throw new InputException(
                            "invalid template {{" + action + "}} in " + what + ": randomInt needs MIN < MAX");
                }
                return (out, data) -> out.append(ThreadLocalRandom.current().nextLong(range[0], range[1]));
            }
            case "randomString": {
                long length = numbers(words, 1, action, what)[0];
                if (length < 0 || length > 1 << 20) {
                    throw new InputException("invalid template {{" + action + "}} in " + what);
                }
                return (out, data) -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < length; i++) {
                        out.append(LETTERS[random.nextInt(LETTERS.length)]);
                    }
                };
            }
            default:
                throw new InputException("unknown template {{" + action + "}} in " + what + " (known: .RequestNumber, "
                        + ".WorkerID, .TimestampUnix, .TimestampUnixMilli, .TimestampUnixNano, .FullyQualifiedName, "
                        + ".MethodName, .ServiceName, .UUID, newUUID, randomInt MIN MAX, randomString N)");
        }
    }

    private static long[] numbers(String[] words, int count, String action, String what) throws InputException {
        if (words.length != count + 1) {
            throw new InputException("invalid template {{" + action + "}} in " + what + ": " + words[0] + " takes "
                    + count + " number" + (count == 1 ? "" : "s"));
        }
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Long.parseLong(words[i + 1]);
            } catch (NumberFormatException e) {
                throw new InputException(
                        "invalid template {{" + action + "}} in " + what + ": '" + words[i + 1] + "' is not a number");
            }
        }
        return values;
    }

    String render(CallData data) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Part part : parts) {
            part.append(out, data);
        }
        return out.toString();
    }
}
