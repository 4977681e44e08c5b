package dev.loadgen.core;

/**
 * What the process did during a run's measured window besides sending the load: the transport its sockets ran on,
 * and the time its JIT compiler, its garbage collector and the process as a whole took. A JVM compiles while a
 * short run measures, on the same cores as the load; these figures tell a user whether that happened enough to
 * want a warm-up. Immutable.
 *
 * @param transport     the name of the transport the event loops ran on ({@link Transport#name()}); "" when
 *                      unknown (a result saved without it)
 * @param compilerNanos CPU time of the JIT compiler's threads (on Linux; elsewhere the compilations' elapsed time
 *                      from the JVM's {@code CompilationMXBean}, to the millisecond); {@link #UNKNOWN} where there
 *                      is no JIT compiler (a native binary) or the JVM does not measure it
 * @param gcNanos       time the garbage collectors reported for their collections (to the millisecond), or
 *                      {@link #UNKNOWN}
 * @param gcCollections collections in the window, or {@link #UNKNOWN}
 * @param cpuNanos      CPU time (user and system) of the whole process in the window, or {@link #UNKNOWN}
 * @param nativeImage   whether the process is a native binary, which compiles nothing at run time
 */
public record RuntimeActivity(
        String transport, long compilerNanos, long gcNanos, long gcCollections, long cpuNanos, boolean nativeImage) {
    /** A figure that this runtime does not give. */
    public static final long UNKNOWN = -1;

    /** Nothing known: the activity of a result that does not carry one. */
    public static final RuntimeActivity NONE = new RuntimeActivity("", UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, false);

    /** Whether anything is known. */
    public boolean known() {
        return !transport.isEmpty();
    }
}
