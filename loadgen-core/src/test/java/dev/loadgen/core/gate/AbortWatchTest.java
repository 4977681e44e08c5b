package dev.loadgen.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.InputException;
import dev.loadgen.core.Interval;
import dev.loadgen.core.RunCounts;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which assertions stop a run while it lasts, fed by intervals and counters the test controls. */
class AbortWatchTest {
    private final AssertionParser parser = new AssertionParser(TestStatusNames.HTTP_LIKE);
    private final AtomicReference<RunCounts> counts = new AtomicReference<>(counts(0, 0, 0));
    private final AtomicInteger stops = new AtomicInteger();
    private final List<Interval> passedOn = new ArrayList<>();

    private static RunCounts counts(long requests, long statusErrors, long dropped) {
        Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        errors.put(ErrorKind.STATUS, statusErrors);
        TreeMap<Integer, Long> statuses = new TreeMap<>(Map.of(200, requests - statusErrors, 503, statusErrors));
        return new RunCounts(requests, errors, statuses, dropped);
    }

    private static Interval interval(long maxLatencyMs, boolean warmup) {
        Histogram latency = new Histogram(3_600_000_000_000L, 3);
        latency.recordValue(maxLatencyMs * Results.MS);
        return new Interval(0, Results.SECOND, latency, latency, 1, 0, warmup, null, java.util.List.of());
    }

    private AbortWatch watch(String... expressions) throws InputException {
        return new AbortWatch(
                parser.parseAll(List.of(expressions)), counts::get, stops::incrementAndGet, passedOn::add);
    }

    @Test
    void stopsAtTheFirstCountCeilingExceeded() throws InputException {
        AbortWatch watch = watch("p99<1ms", "errors<3", "status:503<2");

        counts.set(counts(100, 1, 0));
        watch.onInterval(interval(5, false));
        assertThat(stops).hasValue(0);

        counts.set(counts(200, 2, 0));
        watch.onInterval(interval(5, false));
        assertThat(stops).hasValue(1);
        assertThat(watch.trippedBy().assertion().text()).isEqualTo("status:503<2");
        assertThat(watch.trippedBy().measuredText()).isEqualTo("2");

        watch.onInterval(interval(5, false));
        assertThat(stops).as("stops once").hasValue(1);
        assertThat(passedOn)
                .as("every interval still reaches the next observer")
                .hasSize(3);
    }

    @Test
    void maxIsACeilingAcrossIntervals() throws InputException {
        AbortWatch watch = watch("max<100ms");

        watch.onInterval(interval(50, false));
        assertThat(watch.trippedBy()).isNull();
        watch.onInterval(interval(150, false));
        assertThat(watch.trippedBy()).isNotNull();
    }

    @Test
    void warmupIntervalsAreNotJudged() throws InputException {
        AbortWatch watch = watch("max<100ms");

        watch.onInterval(interval(500, true));

        assertThat(watch.trippedBy()).isNull();
        assertThat(stops).hasValue(0);
    }

    @Test
    void percentagesWaitForEnoughAttempts() throws InputException {
        AbortWatch watch = watch("errors<1%");

        counts.set(counts(AbortWatch.MIN_ATTEMPTS_FOR_PERCENT - 1, 500, 0));
        watch.onInterval(interval(1, false));
        assertThat(watch.trippedBy()).isNull();

        counts.set(counts(AbortWatch.MIN_ATTEMPTS_FOR_PERCENT, 500, 0));
        watch.onInterval(interval(1, false));
        assertThat(watch.trippedBy()).isNotNull();
        assertThat(watch.trippedBy().measuredText()).isEqualTo("50%");
    }

    @ParameterizedTest(name = "{0} with {1} so far: stops = {2}")
    @CsvSource({
        "errors<5,     5, true",
        "errors<5,     4, false",
        "errors<=5,    5, false",
        "errors==0,    1, true",
        "errors==3,    1, false",
        "errors>3,    10, false",
        "errors>=3,    0, false",
        "non2xx<1,     1, true",
        "dropped==0,   1, true",
    })
    void onlyCeilingsOnGrowingFiguresStopARun(String expression, long errors, boolean stops) throws InputException {
        AbortWatch watch = watch(expression);
        counts.set(counts(100, errors, errors));

        watch.onInterval(interval(1, false));

        assertThat(watch.trippedBy() != null).isEqualTo(stops);
    }

    @Test
    void percentilesMeanAndRateWaitForTheEnd() throws InputException {
        AbortWatch watch = watch("p50<1ms", "mean<1ms", "rps>1M", "uncorrected.p99<1ms");

        watch.onInterval(interval(900, false));

        assertThat(watch.trippedBy()).isNull();
    }
}
