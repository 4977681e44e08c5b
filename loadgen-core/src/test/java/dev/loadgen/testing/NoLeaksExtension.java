package dev.loadgen.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class after which Netty found a leaked buffer. Registered for every test class of every module
 * through JUnit's extension auto-detection (this jar's {@code META-INF/services}, switched on by the build's
 * {@code junit.jupiter.extensions.autodetection.enabled}); the build runs each test JVM with the leak detector at
 * {@code paranoid}, which tracks every buffer, and {@link LeakFailingDetector} as the detector.
 *
 * <p>Netty finds a leak only when a buffer it tracked has been garbage-collected unreleased and a later buffer
 * allocation polls for such buffers. So after each class the collector runs and a buffer of each kind is
 * allocated and released, and whatever has been reported by then fails the class. A leak is found at the
 * latest after the class that follows the one that leaked: the failure's records say where the buffer was
 * allocated and last touched.
 */
public final class NoLeaksExtension implements AfterAllCallback {
    /** Collections before giving up on finding more: references are enqueued by the collector, not at once. */
    private static final int COLLECTIONS = 3;

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            throw new AssertionError("Netty's leak detector runs at " + ResourceLeakDetector.getLevel()
                    + ", not paranoid: the build passes -Dio.netty.leakDetection.level=paranoid to every test JVM");
        }
        for (int i = 0; i < COLLECTIONS; i++) {
            System.gc();
            Thread.sleep(20);
            pollForLeaks();
        }
        var leaks = LeakFailingDetector.takeLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked Netty buffer(s) found after " + context.getDisplayName()
                    + ":\n" + String.join("\n\n", leaks));
        }
    }

    /** Each allocation makes Netty's detector for its buffer type report what the collector found leaked. */
    static void pollForLeaks() {
        for (ByteBuf buffer : new ByteBuf[] {
            PooledByteBufAllocator.DEFAULT.heapBuffer(1),
            PooledByteBufAllocator.DEFAULT.directBuffer(1),
            UnpooledByteBufAllocator.DEFAULT.heapBuffer(1),
            UnpooledByteBufAllocator.DEFAULT.directBuffer(1)
        }) {
            buffer.release();
        }
    }
}
