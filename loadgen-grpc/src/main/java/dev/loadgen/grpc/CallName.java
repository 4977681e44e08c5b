package dev.loadgen.grpc;

import dev.loadgen.core.InputException;

/** Parses {@code --call}: {@code package.Service/Method} or ghz's {@code package.Service.Method}. */
final class CallName {
    private CallName() {}

    /** Returns the service's full name and the method's name. */
    static String[] split(String call) throws InputException {
        String text = call == null ? "" : call.trim();
        if (text.startsWith("/")) {
            text = text.substring(1);
        }
        int slash = text.lastIndexOf('/');
        int cut = slash >= 0 ? slash : text.lastIndexOf('.');
        if (cut <= 0 || cut == text.length() - 1) {
            throw new InputException("invalid --call '" + call
                    + "' (expected package.Service/Method, e.g. helloworld.Greeter/SayHello)");
        }
        return new String[] {text.substring(0, cut), text.substring(cut + 1)};
    }
}
