package dev.loadgen.core;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * When a run's schedule starts once its connections are open: at once, or at a wall-clock instant that several
 * workers on several machines share ({@code --start-at}). A worker that is ready only after the instant plus the
 * tolerance refuses to run rather than skew the run; one that is ready later than the instant but within the
 * tolerance starts its schedule at the instant all the same, so that its requests are due at the same times as the
 * others' (the first ones late, and counted late) and its duration ends at the same instant. Immutable.
 *
 * <p>The wall clock is read only to find the instant; the schedule then runs on the event loops' monotonic clock.
 */
public final class StartAt {
    /** Sleeps are cut short this much before the instant, and the rest is waited in short parks. */
    private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** The wait is cut into sleeps this long at most, to see a stop request in time. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final StartAt NOW = new StartAt(null, 0, InstantSource.system());

    private final Instant instant;
    private final long toleranceNanos;
    private final InstantSource clock;

    private StartAt(Instant instant, long toleranceNanos, InstantSource clock) {
        this.instant = instant;
        this.toleranceNanos = toleranceNanos;
        this.clock = clock;
    }

    /** Start as soon as the connections are open. */
    public static StartAt now() {
        return NOW;
    }

    /**
     * Start at {@code instant} on {@code clock}, refusing to start when ready only more than {@code toleranceNanos}
     * after it.
     */
    public static StartAt at(Instant instant, long toleranceNanos, InstantSource clock) {
        if (toleranceNanos < 0) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
        return new StartAt(instant, toleranceNanos, clock);
    }

    /** The shared instant, or null for {@link #now()}. */
    public Instant instant() {
        return instant;
    }

    /** How long after the instant a worker may still start. */
    public long toleranceNanos() {
        return toleranceNanos;
    }

    /** How far the wall clock is past the instant now: negative before it; 0 for {@link #now()}. */
    public long latenessNanos() {
        if (instant == null) {
            return 0;
        }
        Instant now = clock.instant();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond() - instant.getEpochSecond())
                + (now.getNano() - instant.getNano());
    }

    /**
     * Caller's thread: waits until the instant, or until {@code stopRequested} says the run was stopped meanwhile,
     * and returns how long after the instant the wall clock was when the wait ended (the worker's start skew, at
     * least 0); returns 0 at once for {@link #now()}.
     *
     * @throws LateStartException when the instant plus the tolerance has already passed
     */
    public long await(BooleanSupplier stopRequested) throws LateStartException, InterruptedException {
        if (instant == null) {
            return 0;
        }
        long lateness = latenessNanos();
        if (lateness > toleranceNanos) {
            throw new LateStartException(instant, lateness, toleranceNanos);
        }
        while (lateness < 0 && !stopRequested.getAsBoolean()) {
            long wait = -lateness;
            if (wait > SPIN_NANOS) {
                TimeUnit.NANOSECONDS.sleep(Math.min(wait - SPIN_NANOS, MAX_SLEEP_NANOS));
            } else {
                LockSupport.parkNanos(Math.min(wait, TimeUnit.MICROSECONDS.toNanos(100)));
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            lateness = latenessNanos();
        }
        return Math.max(0, lateness);
    }
}
