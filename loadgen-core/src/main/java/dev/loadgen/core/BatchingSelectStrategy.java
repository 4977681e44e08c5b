package dev.loadgen.core;

import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * How an event loop whose connections multiplex many requests waits for I/O once it is saturated: it pauses a
 * little before each poll, so that every poll hands it a batch of responses rather than the one or two that
 * arrived while it handled the last.
 *
 * <p>Why: a loop that polls again the moment it is done reacts to every response on its own. Against a server
 * that answers each stream as it goes (nginx writes a response's HEADERS and DATA separately), a saturated
 * loop then reads about one response per wake-up and writes about one request per {@code writev}: per request
 * an {@code epoll_wait}, a {@code recvfrom} and a {@code writev}, each carrying the loopback work of the other
 * side. The loop stays saturated however little its own code costs, because any time it saves is spent on
 * smaller batches. Pausing once per poll lets the responses of all connections accumulate, so a poll returns
 * several connections and a read several responses, and each connection's next requests leave in one write:
 * fewer system calls and TCP segments per request on both sides, more requests per CPU-second and, in a closed
 * loop, a shorter round trip.
 *
 * <p>When: only after {@link #HOT_POLLS} polls in a row found work waiting (the loop had no moment of idleness
 * in between), and only until a poll after a pause finds nothing. A loop that keeps up never pauses, so a
 * response's time is taken as soon as it arrives; a pause delays the responses that arrive during it by at most
 * {@link #PAUSE_NANOS} (plus the kernel's timer slack). {@link LoadRun} uses this strategy only where a loop
 * has at least {@link #MIN_IN_FLIGHT} requests in flight on multiplexing connections: a loop saturated by that
 * many is looking at round trips long against the pause, and a connection carrying one request at a time has
 * no batch to gain. Tasks and due timers never wait for a pause: the loop then polls without waiting, as by
 * default.
 *
 * <p>Confined to its loop's thread, like the loop's {@code IoHandler}; one instance per loop.
 */
final class BatchingSelectStrategy implements SelectStrategy {
    /** How long a saturated loop pauses before each poll. */
    static final long PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** Polls in a row that must find work waiting before the loop starts pausing. */
    static final int HOT_POLLS = 32;
    /** The least requests in flight on a loop for it to use this strategy. */
    static final int MIN_IN_FLIGHT = 64;

    static final SelectStrategyFactory FACTORY = BatchingSelectStrategy::new;

    /** Sleeps the loop's thread for the given nanoseconds. */
    private final LongConsumer pause;
    /** Polls in a row that found work waiting, up to {@link #HOT_POLLS}. */
    private int hotPolls;

    BatchingSelectStrategy() {
        this(LockSupport::parkNanos);
    }

    BatchingSelectStrategy(LongConsumer pause) {
        this.pause = pause;
    }

    @Override
    public int calculateStrategy(IntSupplier selectNow, boolean hasTasks) throws Exception {
        if (hasTasks) {
            return selectNow.get();
        }
        if (hotPolls >= HOT_POLLS) {
            pause.accept(PAUSE_NANOS);
        }
        int ready = selectNow.get();
        if (ready > 0) {
            if (hotPolls < HOT_POLLS) {
                hotPolls++;
            }
            return ready;
        }
        // Nothing waiting: the loop keeps up. It blocks until the next event, as by default.
        hotPolls = 0;
        return SELECT;
    }

    /** Whether every loop of {@code spec} carries enough multiplexed requests to use this strategy. */
    static boolean suits(RunSpec spec) {
        int fewestInFlight = spec.connectionsOf(spec.threads() - 1) * spec.inFlightPerConnection();
        return spec.inFlightPerConnection() > 1 && fewestInFlight >= MIN_IN_FLIGHT;
    }
}
