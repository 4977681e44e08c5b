package dev.loadgen.core.gate;

import java.util.List;
import java.util.OptionalInt;

/** Status names for tests of the core's reports and gates. */
public final class TestStatusNames {
    /** Numbers only, {@code non2xx} for the error-status count, wrk's title for it: as HTTP has them. */
    public static final StatusNames HTTP_LIKE = StatusNames.numeric(List.of("non2xx"), "Non-2xx or 3xx responses");

    /** 0 is OK, 14 Unavailable (also by that name), every other code Unavailable too: as a protocol with names. */
    public static final StatusNames NAMED = new StatusNames() {
        @Override
        public OptionalInt code(String name) {
            return name.equalsIgnoreCase("unavailable") ? OptionalInt.of(14) : OptionalInt.empty();
        }

        @Override
        public String name(int code) {
            return code == 0 ? "OK" : "Unavailable";
        }

        @Override
        public List<String> errorStatusAliases() {
            return List.of();
        }

        @Override
        public String errorStatusTitle() {
            return "Non-OK responses";
        }
    };

    private TestStatusNames() {}
}
