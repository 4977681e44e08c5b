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
    StatusNames NUMERIC = numeric(List.of(), "Error statuses");

    /**
     * Status names of a protocol whose codes are numbers only.
     *
     * @param errorStatusAliases other names of {@code status_errors}, see {@link #errorStatusAliases()}
     * @param errorStatusTitle   see {@link #errorStatusTitle()}
     */
    static StatusNames numeric(List<String> errorStatusAliases, String errorStatusTitle) {
        return new NumericStatusNames(errorStatusAliases, errorStatusTitle);
    }

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
