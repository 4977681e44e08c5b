package dev.loadgen.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loadgen.core.ScriptedDriver.Outcome;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run that starts at a shared wall-clock instant, on real event loops: its schedule and its duration count from
 * the instant, a run ready a little late sends what fell due at once (late), and one ready too late sends nothing.
 */
class LoadRunStartAtTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    /** 100 requests a second for one second. */
    private static RunSpec spec() {
        return spec(SECOND);
    }

    /** 100 requests a second for {@code durationNanos}. */
    private static RunSpec spec(long durationNanos) {
        TargetSpec target = new TargetSpec(URI.create("fake://target"), "GET", List.of(), new byte[0], false);
        return new RunSpec(
                target, 1, 4, durationNanos, 0, SECOND, new Schedule.OpenLoop(new ConstantRate(100), 1000), 1, 0);
    }

    @Test
    @Timeout(20)
    void aRunReadyTooLateSendsNothing() {
        ScriptedDriver driver = new ScriptedDriver(SECOND, n -> Outcome.respondAfter(MS));
        Instant instant = Instant.now().minus(Duration.ofSeconds(5));
        try (LoadRun run = LoadRun.prepare(spec(), Transport.nio(), driver)) {
            assertThatThrownBy(() ->
                            run.execute(RunObserver.NONE, SECOND, StartAt.at(instant, SECOND, InstantSource.system())))
                    .isInstanceOf(LateStartException.class);
        }
        assertThat(driver.sent).isEmpty();
    }

    /**
     * Ready 400 ms after the instant: the 40 requests due by then go out at once, late, and the run still ends two
     * seconds after the instant with all 200, about 1.6 s after this test started it (a run counted from its own
     * start would take the whole 2 s). The skew is at least the 400 ms, plus what opening the connections took: up
     * to a second on a loaded machine for the first run of a JVM (a few milliseconds when it is idle and warm).
     */
    @Test
    @Timeout(20)
    void aRunReadyWithinTheToleranceKeepsTheSharedSchedule() throws Exception {
        ScriptedDriver driver = new ScriptedDriver(SECOND, n -> Outcome.respondAfter(MS));
        RunResult result;
        long skew;
        long wallNanos;
        try (LoadRun run = LoadRun.prepare(spec(2 * SECOND), Transport.nio(), driver)) {
            Instant instant = Instant.now().minus(Duration.ofMillis(400));
            long before = System.nanoTime();
            result = run.execute(RunObserver.NONE, SECOND, StartAt.at(instant, 3 * SECOND, InstantSource.system()));
            wallNanos = System.nanoTime() - before;
            skew = run.startSkewNanos();
            assertThat(result.startEpochMillis()).isEqualTo(instant.toEpochMilli());
        }

        assertThat(skew).isBetween(400 * MS, 1400 * MS);
        assertThat(result.requests()).isEqualTo(200);
        assertThat(result.pacing().lateSends()).isGreaterThanOrEqualTo(39);
        assertThat(wallNanos).isLessThan(1900 * MS);
    }

    /**
     * Started 300 ms ahead: the run waits for the instant, and its last request, due 990 ms after the instant, is not
     * sent before then on the wall clock.
     */
    @Test
    @Timeout(20)
    void aRunWaitsForTheInstant() throws Exception {
        ScriptedDriver driver = new ScriptedDriver(SECOND, n -> Outcome.respondAfter(MS));
        Instant instant = Instant.now().plus(Duration.ofMillis(300));
        RunResult result;
        try (LoadRun run = LoadRun.prepare(spec(), Transport.nio(), driver)) {
            result = run.execute(RunObserver.NONE, SECOND, StartAt.at(instant, SECOND, InstantSource.system()));
            assertThat(run.startSkewNanos()).isBetween(0L, 100 * MS);
        }

        assertThat(Instant.now()).isAfterOrEqualTo(instant.plusMillis(990));
        assertThat(result.requests()).isEqualTo(100);
        assertThat(result.startEpochMillis()).isEqualTo(instant.toEpochMilli());
    }
}
