package dev.loadgen.grpc;

import dev.loadgen.core.gate.StatusNames;
import io.grpc.Status;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * gRPC status codes by the names ghz and grpc-go print ({@code OK}, {@code Unavailable}, ...); calls whose status
 * is not OK are "Non-OK responses", also {@code non2xx} in gates, the spelling they had before there were names.
 * Stateless.
 */
public final class GrpcStatusNames implements StatusNames {
    static final GrpcStatusNames INSTANCE = new GrpcStatusNames();

    private static final String[] NAMES = {
        "OK",
        "Canceled",
        "Unknown",
        "InvalidArgument",
        "DeadlineExceeded",
        "NotFound",
        "AlreadyExists",
        "PermissionDenied",
        "ResourceExhausted",
        "FailedPrecondition",
        "Aborted",
        "OutOfRange",
        "Unimplemented",
        "Internal",
        "Unavailable",
        "DataLoss",
        "Unauthenticated"
    };

    private GrpcStatusNames() {}

    @Override
    public OptionalInt code(String name) {
        return codeOf(name);
    }

    @Override
    public String name(int code) {
        return nameOf(code);
    }

    @Override
    public List<String> errorStatusAliases() {
        return List.of("non_ok", "non2xx");
    }

    @Override
    public String errorStatusTitle() {
        return "Non-OK responses";
    }

    /** The name of status code {@code code}, or {@code Code(n)} for a number gRPC does not define. */
    public static String nameOf(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "Code(" + code + ")";
    }

    /**
     * The code of a status name in any of the spellings users meet: grpc-go's ({@code DeadlineExceeded}),
     * grpc-java's ({@code DEADLINE_EXCEEDED}), any case, and {@code Cancelled} as well as {@code Canceled}.
     */
    public static OptionalInt codeOf(String name) {
        String wanted = name.replace("_", "").toLowerCase(Locale.ROOT);
        if (wanted.equals("cancelled")) {
            return OptionalInt.of(Status.Code.CANCELLED.value());
        }
        for (int code = 0; code < NAMES.length; code++) {
            if (NAMES[code].toLowerCase(Locale.ROOT).equals(wanted)) {
                return OptionalInt.of(code);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Whether a DEADLINE_EXCEEDED status is the client's own deadline expiring: grpc-java says "CallOptions deadline
     * exceeded after 0.099s. ..." or "... deadline exceeded after ..." with the time, or that the deadline "was
     * exceeded" before the call started.
     */
    private static boolean isClientDeadline(String description) {
        return description != null
                && (description.contains("deadline exceeded after") || description.contains("deadline was exceeded"));
    }

    /**
     * grpc-go's error text for a status code and its description, the description's times replaced by {@code <n>}
     * ({@link ErrorMessages}) so that one failure is counted under one text.
     */
    static String describe(int code, String description) {
        return "rpc error: code = " + nameOf(code) + " desc = "
                + (description == null ? "" : ErrorMessages.normalise(description));
    }

    /** grpc-go's error text: {@code rpc error: code = Unavailable desc = ...}. */
    public static String describe(Status status) {
        if (status.getCode() == Status.Code.DEADLINE_EXCEEDED && isClientDeadline(status.getDescription())) {
            // grpc-java names the elapsed time, different for every call; counted by text, each would be its own
            // entry. ghz prints grpc-go's fixed text for the same event.
            return "rpc error: code = DeadlineExceeded desc = context deadline exceeded";
        }
        String description = status.getDescription();
        if (description == null && status.getCause() != null) {
            description = status.getCause().getMessage();
        }
        return "rpc error: code = " + nameOf(status.getCode().value()) + " desc = "
                + (description == null ? "" : ErrorMessages.normalise(description));
    }
}
