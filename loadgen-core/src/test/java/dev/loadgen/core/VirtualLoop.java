package dev.loadgen.core;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * An event loop whose clock moves only when a test moves it: Netty's embedded loop on a {@link MockTicker}, which
 * runs its tasks on the test's thread and its timers at the ticker's time. {@link #runUntil} moves the clock from
 * timer to timer, so every timer runs at exactly the time it was due, and everything the loop does is the same on
 * every run.
 */
final class VirtualLoop {
    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel channel =
            EmbeddedChannel.builder().ticker(ticker).build();

    EventLoop loop() {
        return channel.eventLoop();
    }

    long now() {
        return ticker.nanoTime();
    }

    /** Runs every task and timer due up to {@code nanos} in order, moving the clock to each timer, then to {@code nanos}. */
    void runUntil(long nanos) {
        settle();
        for (; ; ) {
            long delay = channel.runScheduledPendingTasks();
            if (delay < 0 || now() + delay > nanos) {
                break;
            }
            ticker.advance(delay, TimeUnit.NANOSECONDS);
            settle();
        }
        if (nanos > now()) {
            ticker.advance(nanos - now(), TimeUnit.NANOSECONDS);
        }
        settle();
    }

    /** Runs the tasks and the timers due now, and those they add that are due now too. */
    private void settle() {
        do {
            channel.runPendingTasks();
            channel.checkException();
        } while (channel.hasPendingTasks());
    }
}
