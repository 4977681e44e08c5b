package dev.loadgen.http;

import dev.loadgen.core.gate.StatusNames;
import java.util.List;
import java.util.OptionalInt;

/** HTTP statuses are numbers; the count of error statuses is wrk's "Non-2xx or 3xx responses". Stateless. */
final class HttpStatusNames implements StatusNames {
    static final HttpStatusNames INSTANCE = new HttpStatusNames();

    private HttpStatusNames() {
    }

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
}
