package dev.loadgen.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.concurrent.Callable;

/**
 * For tests that measure what a run costs (bytes allocated, latency at a rate): Netty's leak detector as in a
 * user's run, off ({@code loadgen} turns it off). At the paranoid level of the tests it records a stack trace for
 * every buffer, which allocates and takes CPU time per request, so it would be measured with the run.
 */
public final class LeakDetection {
    private LeakDetection() {}

    /**
     * Runs {@code measurement} with the detector off. Buffers allocated meanwhile are not tracked; the level is
     * back at what it was afterwards. Test classes run one at a time in a JVM, so no other test sees the change.
     */
    public static <T> T off(Callable<T> measurement) throws Exception {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try {
            return measurement.call();
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
    }
}
