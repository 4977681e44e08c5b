package dev.loadgen.core.gate;

import java.util.OptionalInt;

/**
 * Resolves a status name in {@code status:NAME} to the code the run's statuses map holds. gRPC runs resolve
 * gRPC status names; HTTP has codes only. Implementations are pure; any thread.
 */
@FunctionalInterface
public interface StatusNames {
    /** No names: only numeric codes are accepted. */
    StatusNames NONE = name -> OptionalInt.empty();

    OptionalInt code(String name);
}
