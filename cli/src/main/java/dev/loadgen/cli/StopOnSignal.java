package dev.loadgen.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT, SIGTERM) into a graceful stop: the JVM's shutdown hook asks the run to stop, then
 * holds the JVM until the main thread has printed what was measured. Installed by the main thread; the hook
 * runs on the JVM's shutdown thread.
 */
final class StopOnSignal implements AutoCloseable {
    private static volatile boolean shuttingDown;

    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;

    private StopOnSignal(Runnable stop, long maxWaitNanos) {
        hook = new Thread(
                () -> {
                    shuttingDown = true;
                    stop.run();
                    try {
                        reported.await(maxWaitNanos, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "loadgen-stop");
    }

    /** Installs the hook; {@code stop} must return quickly, and the report must follow within {@code maxWaitNanos}. */
    static StopOnSignal install(Runnable stop, long maxWaitNanos) {
        StopOnSignal signal = new StopOnSignal(stop, maxWaitNanos);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Whether the JVM is shutting down because of a signal; {@code System.exit} would then block forever. */
    static boolean shuttingDown() {
        return shuttingDown;
    }

    /** The report is out: lets a pending shutdown finish, or removes the hook when there is none. */
    @Override
    public void close() {
        reported.countDown();
        if (!shuttingDown) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The signal arrived just now; the hook will see the latch open and return.
            }
        }
    }
}
