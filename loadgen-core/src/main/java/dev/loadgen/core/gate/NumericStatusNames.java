package dev.loadgen.core.gate;

import java.util.List;
import java.util.OptionalInt;

/** Status codes that are numbers only: no name resolves, a code shows as its number. Immutable. */
record NumericStatusNames(List<String> errorStatusAliases, String errorStatusTitle) implements StatusNames {
    NumericStatusNames {
        errorStatusAliases = List.copyOf(errorStatusAliases);
    }

    @Override
    public OptionalInt code(String name) {
        return OptionalInt.empty();
    }

    @Override
    public String name(int code) {
        return Integer.toString(code);
    }
}
