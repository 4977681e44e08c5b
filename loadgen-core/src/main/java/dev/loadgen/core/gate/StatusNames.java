package dev.loadgen.core.gate;

import java.util.List;
import java.util.OptionalInt;

/**
 * How a protocol names its status codes, in reports and in gates: {@code status:NAME} resolves a name to the code
 * the run's statuses map holds, and the count of responses whose status is an error ({@code status_errors}) may
 * have spellings of the protocol's own. Implementations are pure; any thread.
 */
public interface StatusNames {
    /** Numbers only, no other spelling of {@code status_errors}: for protocols whose codes have no names. */
    StatusNames NUMERIC = new StatusNames() {
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
            return List.of();
        }

        @Override
        public String errorStatusTitle() {
            return "Error statuses";
        }
    };

    /** The code a status name stands for, empty when it names none (numbers are resolved by the caller). */
    OptionalInt code(String name);

    /** How reports show {@code code}. */
    String name(int code);

    /**
     * Other names of the {@code status_errors} metric, lower case, the first one the name reports use
     * (the spelling users of a protocol know); empty when there are none.
     */
    List<String> errorStatusAliases();

    /** What wrk's text report calls the count of responses with an error status. */
    String errorStatusTitle();
}
