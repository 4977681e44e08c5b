package dev.loadgen.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty's leak detector for the test JVMs, named by {@code -Dio.netty.customResourceLeakDetector}: it reports
 * every leak, whatever logging the test class path has (Netty's own detector reports only when its logger is on
 * at error level, and a class path without a logging backend turns it off), and keeps the reports for {@link
 * NoLeaksExtension}, which fails the tests after which they were found.
 *
 * <p>Thread-safe: Netty reports a leak on whichever thread next allocates a buffer of the leaked type.
 */
public final class LeakFailingDetector<T> extends ResourceLeakDetector<T> {
    private static final List<String> LEAKS = new ArrayList<>();

    public LeakFailingDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    /**
     * The constructor Netty also looks up (and logs an error for when it is missing), for its deprecated factory
     * method; {@code maxActive} has no effect in Netty 4.2.
     */
    public LeakFailingDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        record("LEAK: " + resourceType + ".release() was not called before it was garbage-collected "
                + "(no access records: the leak detector was not at the paranoid level)");
    }

    private static void record(String report) {
        synchronized (LEAKS) {
            LEAKS.add(report);
        }
    }

    /** The leaks reported since the last call, which forgets them. */
    static List<String> takeLeaks() {
        synchronized (LEAKS) {
            List<String> leaks = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return leaks;
        }
    }
}
