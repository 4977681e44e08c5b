package dev.loadgen.core.gate;

import java.util.List;
import java.util.OptionalInt;

/** Status names as an HTTP-like protocol has them, for tests of the core's reports and gates. */
public final class TestStatusNames {
    /** Numbers only, {@code non2xx} for the error-status count, wrk's title for it. */
    public static final StatusNames HTTP_LIKE = new StatusNames() {
        @Override
        public OptionalInt code(String name) {
            return OptionalInt.empty();
        }

        @Override
        public String name(int code) {
            return Integer.toString(code);
        }

        @Override
        public List<String> errorStatusAliases() {
            return List.of("non2xx");
        }

        @Override
        public String errorStatusTitle() {
            return "Non-2xx or 3xx responses";
        }
    };

    private TestStatusNames() {
    }
}
