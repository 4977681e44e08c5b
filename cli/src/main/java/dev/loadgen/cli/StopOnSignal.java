package dev.loadgen.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT, SIGTERM) into a graceful stop: the JVM's shutdown hook asks the run to stop, then holds
 * the JVM until the main thread has printed what was measured. A second Ctrl-C while the run waits for requests in
 * flight abandons them, so the report comes at once; if it still does not come soon after, the process halts.
 * Installed by the main thread; the hook runs on the JVM's shutdown thread.
 *
 * <p>The JVM runs no signal handler of ours once it is shutting down (a second signal's handler waits for the
 * hooks to finish), but each signal still starts a thread named after it ({@code SIGINT handler}): the hook
 * watches for one more of those than there were when it started.
 */
final class StopOnSignal implements AutoCloseable {
    /** How often the hook looks for a second signal while it waits for the report. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** After a second signal: how long the report may still take before the process halts without it. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);

    private static volatile boolean shuttingDown;

    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean abandoned;

    private StopOnSignal(Runnable stop, Runnable abandon, long maxWaitNanos) {
        hook = new Thread(
                () -> {
                    shuttingDown = true;
                    int signalsBefore = signalHandlers();
                    stop.run();
                    try {
                        awaitReport(abandon, maxWaitNanos, signalsBefore);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "loadgen-stop");
    }

    /**
     * Installs the hook; {@code stop} and {@code abandon} must return quickly, and the report must follow within
     * {@code maxWaitNanos} of {@code stop}.
     *
     * @param stop    stops sending and lets the requests in flight finish
     * @param abandon stops waiting for the requests in flight (a second Ctrl-C)
     */
    static StopOnSignal install(Runnable stop, Runnable abandon, long maxWaitNanos) {
        StopOnSignal signal = new StopOnSignal(stop, abandon, maxWaitNanos);
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    private void awaitReport(Runnable abandon, long maxWaitNanos, int signalsBefore) throws InterruptedException {
        long start = System.nanoTime();
        long haltAt = 0;
        while (!reported.await(POLL_NANOS, TimeUnit.NANOSECONDS)) {
            long now = System.nanoTime();
            if (!abandoned && signalHandlers() > signalsBefore) {
                abandoned = true;
                abandon.run();
                haltAt = now + GRACE_NANOS;
            }
            if (abandoned && now - haltAt >= 0) {
                // The report could not be written in time (an output that blocks, say): exit as asked.
                Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
            }
            if (!abandoned && now - start >= maxWaitNanos) {
                return;
            }
        }
    }

    /** The threads the JVM started to handle SIGINT or SIGTERM that are still running. */
    private static int signalHandlers() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        int handlers = 0;
        for (int i = 0; i < count; i++) {
            String name = threads[i].getName();
            if (name.equals("SIGINT handler") || name.equals("SIGTERM handler")) {
                handlers++;
            }
        }
        return handlers;
    }

    /** Whether the JVM is shutting down because of a signal; {@code System.exit} would then block forever. */
    static boolean shuttingDown() {
        return shuttingDown;
    }

    /** Whether a second signal abandoned the requests in flight. */
    boolean abandoned() {
        return abandoned;
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
