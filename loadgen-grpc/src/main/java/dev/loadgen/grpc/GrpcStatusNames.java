package dev.loadgen.grpc;

import io.grpc.Status;

/** gRPC status codes by the names ghz and grpc-go print ({@code OK}, {@code Unavailable}, ...). */
public final class GrpcStatusNames {
    private static final String[] NAMES = {"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded",
        "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted",
        "OutOfRange", "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"};

    private GrpcStatusNames() {
    }

    /** The name of status code {@code code}, or {@code Code(n)} for a number gRPC does not define. */
    public static String name(int code) {
        return code >= 0 && code < NAMES.length ? NAMES[code] : "Code(" + code + ")";
    }

    /** grpc-go's error text: {@code rpc error: code = Unavailable desc = ...}. */
    public static String describe(Status status) {
        String description = status.getDescription();
        if (description == null && status.getCause() != null) {
            description = status.getCause().getMessage();
        }
        return "rpc error: code = " + name(status.getCode().value()) + " desc = "
                + (description == null ? "" : description);
    }
}
