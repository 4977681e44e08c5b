package dev.loadgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak check that every test class runs under finds a buffer that was never released. */
class LeakFailingDetectorTest {
    /** Collections to wait for at most: the collector enqueues a lost buffer's reference when it gets to it. */
    private static final int MAX_COLLECTIONS = 50;

    @Test
    void theTestJvmRunsNettysLeakDetectorAtParanoidWithTheFailingDetector() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        assertThat(System.getProperty("io.netty.customResourceLeakDetector"))
                .isEqualTo(LeakFailingDetector.class.getName());
    }

    @Test
    void aBufferThatIsNeverReleasedIsReportedWithWhereItWasAllocated() throws InterruptedException {
        leakOneBuffer();

        List<String> leaks = new ArrayList<>();
        for (int i = 0; i < MAX_COLLECTIONS && leaks.isEmpty(); i++) {
            System.gc();
            Thread.sleep(10);
            NoLeaksExtension.pollForLeaks();
            leaks.addAll(LeakFailingDetector.takeLeaks());
        }

        // Taken, so that NoLeaksExtension does not fail this class for the leak it made on purpose.
        assertThat(leaks)
                .singleElement()
                .asString()
                .startsWith("LEAK: ByteBuf.release() was not called")
                .contains("leakOneBuffer");
    }

    private static void leakOneBuffer() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        buffer.writeInt(1);
    }
}
