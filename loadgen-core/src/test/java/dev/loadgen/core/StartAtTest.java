package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --start-at}: waiting for the shared instant on the wall clock, starting within the tolerance with the
 * lateness as the skew, and refusing beyond it.
 */
class StartAtTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void startingAtOnceWaitsForNothing() throws Exception {
        assertThat(StartAt.now().await(() -> false)).isZero();
        assertThat(StartAt.now().instant()).isNull();
    }

    @Test
    void aWorkerReadyWithinTheToleranceStartsWithItsLatenessAsSkew() throws Exception {
        Instant now = Instant.parse("2026-05-04T12:00:00.500Z");
        StartAt start = StartAt.at(Instant.parse("2026-05-04T12:00:00Z"), SECOND, InstantSource.fixed(now));

        assertThat(start.await(() -> false)).isEqualTo(500 * MS);
    }

    @Test
    void aWorkerReadyAfterTheToleranceRefusesToStart() {
        Instant now = Instant.parse("2026-05-04T12:00:01.001Z");
        StartAt start = StartAt.at(Instant.parse("2026-05-04T12:00:00Z"), SECOND, InstantSource.fixed(now));

        assertThatThrownBy(() -> start.await(() -> false))
                .isInstanceOf(LateStartException.class)
                .hasMessage("ready 1.001 s after the start time 2026-05-04T12:00:00Z, more than the start tolerance "
                        + "of 1.000 s; not started")
                .satisfies(e ->
                        assertThat(((LateStartException) e).latenessNanos()).isEqualTo(1001 * MS));
    }

    /**
     * On the real wall clock: the wait ends at the instant, not before, and soon after it. Soon is 100 ms, a bound
     * a loaded two-core machine meets (the waits end within a few milliseconds when it is idle).
     */
    @Test
    void theWaitEndsAtTheInstant() throws Exception {
        InstantSource clock = InstantSource.system();
        Instant instant = clock.instant().plus(Duration.ofMillis(300));
        StartAt start = StartAt.at(instant, SECOND, clock);

        long skew = start.await(() -> false);

        assertThat(clock.instant()).isAfterOrEqualTo(instant);
        assertThat(skew).isBetween(0L, 100 * MS);
    }

    @Test
    void aStopRequestEndsTheWait() throws Exception {
        InstantSource clock = InstantSource.system();
        StartAt start = StartAt.at(clock.instant().plus(Duration.ofHours(1)), SECOND, clock);
        long before = System.nanoTime();

        start.await(() -> true);

        assertThat(System.nanoTime() - before).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
}
