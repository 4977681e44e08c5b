package dev.loadgen.core;

import java.util.Locale;

/** Why a run stopped sending. */
public enum StopReason {
    /** The run's duration ran out (or its schedule had nothing more to send within it). */
    DURATION,
    /** Every request of a run bounded by count was sent. */
    COUNT,
    /** The user stopped it ({@link LoadRun#stop()}: Ctrl-C, SIGTERM). */
    INTERRUPTED,
    /** A gate stopped it ({@code --abort-on-fail}): an assertion could no longer pass. */
    ABORTED,
    /**
     * A run bounded by count alone was given up: no connection could be opened, with nothing in flight, for longer
     * than the timeout. Without a deadline it would otherwise retry a dead target forever.
     */
    UNREACHABLE;

    /** The spelling in the JSON result and the JUnit XML: {@code duration}, {@code aborted}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason spelled {@code name} ({@link #jsonName}). */
    public static StopReason ofJsonName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether {@link LoadRun#stop(StopReason)} ended the run early, on the user's or a gate's request. */
    public boolean requested() {
        return this == INTERRUPTED || this == ABORTED;
    }
}
