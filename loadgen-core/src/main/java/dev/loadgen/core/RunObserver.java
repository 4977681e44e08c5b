package dev.loadgen.core;

/**
 * Receives each interval of a run while it lasts (live progress, interval logs). Called on the reporter
 * thread, never on an event loop, one call at a time; a slow observer delays only the reporting.
 */
@FunctionalInterface
public interface RunObserver {
    /** An observer that ignores everything. */
    RunObserver NONE = interval -> {};

    void onInterval(Interval interval);
}
