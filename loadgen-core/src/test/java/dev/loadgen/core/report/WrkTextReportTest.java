package dev.loadgen.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loadgen.core.ConstantRate;
import dev.loadgen.core.ErrorKind;
import dev.loadgen.core.Header;
import dev.loadgen.core.PacingStats;
import dev.loadgen.core.RunResult;
import dev.loadgen.core.RunSpec;
import dev.loadgen.core.RuntimeActivity;
import dev.loadgen.core.Schedule;
import dev.loadgen.core.StopReason;
import dev.loadgen.core.TargetSpec;
import dev.loadgen.core.gate.StatusNames;
import dev.loadgen.core.gate.TestStatusNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * Golden files hold what wrk's printf formats print for the statistics of the histograms below (checked by
 * hand: bucket values, mean, sample standard deviation, share within one deviation, HdrHistogram percentiles),
 * plus loadgen's documented extensions. Recorded values are chosen so that no printed figure sits on a decimal
 * rounding tie.
 */
class WrkTextReportTest {
    private static final StatusNames HTTP = TestStatusNames.HTTP_LIKE;

    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    @Test
    void basicRun() {
        assertThat(WrkTextReport.render(basic(), false, false, HTTP)).isEqualTo(golden("basic.txt"));
    }

    @Test
    void latencyDistribution() {
        assertThat(WrkTextReport.render(basic(), true, false, HTTP)).isEqualTo(golden("latency-distribution.txt"));
    }

    @Test
    void constantRateRunPrintsWrk2sSpectrum() {
        assertThat(WrkTextReport.render(openLoop(), true, false, HTTP)).isEqualTo(golden("spectrum.txt"));
    }

    @Test
    void uncorrectedLatencyAddsItsOwnSpectrum() {
        assertThat(WrkTextReport.render(openLoop(), true, true, HTTP)).isEqualTo(golden("spectrum-uncorrected.txt"));
    }

    @Test
    void closedLoopKeepsWrksFourLinesEvenWithUncorrected() {
        assertThat(WrkTextReport.render(basic(), true, true, HTTP)).isEqualTo(golden("latency-distribution.txt"));
    }

    @Test
    void noSpectrumWithoutLatencyFlag() {
        assertThat(WrkTextReport.render(openLoop(), false, true, HTTP))
                .doesNotContain("Latency Distribution", "Percentile");
    }

    @Test
    void socketErrorsProtocolErrorsAndErrorStatuses() {
        RunSpec spec = spec("http://127.0.0.1:8080/", 2, 100, 60 * SECOND, 0);
        Histogram latency = latency(150 * MS, 600, 900 * MS, 300, 1600 * MS, 90, 2000 * MS, 10);
        Histogram rates = rates(5, 10, 12, 50, 20, 40);
        Map<ErrorKind, Long> errors =
                Map.of(ErrorKind.READ, 3L, ErrorKind.TIMEOUT, 17L, ErrorKind.STATUS, 12L, ErrorKind.PROTOCOL, 2L);
        RunResult result = closedLoop(spec, 60_400 * MS, 1204, latency, rates)
                .errors(errors)
                .statuses(Map.of(200, 1192L, 503, 12L))
                .bytesRead(180_600)
                .bytesWritten(90_300)
                .build();

        assertThat(WrkTextReport.render(result, true, false, HTTP)).isEqualTo(golden("errors.txt"));
    }

    @Test
    void runBoundedByRequestCount() {
        RunSpec spec = spec("https://example.test:8443/api?q=1", 1, 10, 0, 10_000);
        Histogram latency = latency(52 * US, 9000, 120 * US, 990, 900 * US, 10);
        RunResult result = closedLoop(spec, 487 * MS, 10_000, latency, rates(20_000, 3, 21_000, 2))
                .statuses(Map.of(200, 10_000L))
                .bytesRead(2_340_000)
                .bytesWritten(1_000_000)
                .build();

        assertThat(WrkTextReport.render(result, false, false, HTTP)).isEqualTo(golden("count-bounded.txt"));
    }

    @Test
    void noResponsesPrintZeros() {
        RunSpec spec = spec("http://127.0.0.1:9/", 4, 64, 10 * SECOND, 0);
        RunResult result = closedLoop(spec, 10_002 * MS, 0, latency(), rates())
                .errors(Map.of(ErrorKind.CONNECT, 5120L))
                .build();

        assertThat(WrkTextReport.render(result, true, false, HTTP)).isEqualTo(golden("zero-responses.txt"));
    }

    @Test
    void protocolErrorsAloneAddOnlyTheirLine() {
        RunSpec spec = spec("http://127.0.0.1:8080/", 1, 1, SECOND, 0);
        RunResult result = closedLoop(spec, SECOND, 5, latency(SECOND, 5), rates(5, 1))
                .errors(Map.of(ErrorKind.PROTOCOL, 1L))
                .statuses(Map.of(200, 5L))
                .bytesRead(500)
                .bytesWritten(500)
                .build();

        assertThat(WrkTextReport.results(result, false, false, HTTP))
                .contains("  5 requests in 1.00s, 500.00B read\n  Protocol errors: 1\nRequests/sec:")
                .doesNotContain("Socket errors", "Non-2xx");
    }

    @Test
    void runtimeLineNamesTheTransportAndWhatTheJvmDid() {
        RunSpec spec = spec("http://127.0.0.1:8080/", 1, 1, 10 * SECOND, 0);
        RunResult jvm = closedLoop(spec, 10 * SECOND, 5, latency(MS, 5), rates(5, 1))
                .runtime(new RuntimeActivity("io_uring", 812 * MS, 3 * MS, 2, 9_640 * MS, false))
                .build();
        RunResult nativeBinary = closedLoop(spec, 10 * SECOND, 5, latency(MS, 5), rates(5, 1))
                .runtime(new RuntimeActivity("epoll", RuntimeActivity.UNKNOWN, 0, 0, RuntimeActivity.UNKNOWN, true))
                .build();

        assertThat(WrkTextReport.results(jvm, false, false, HTTP))
                .contains("  5 requests in 10.00s, 0.00B read\n"
                        + "  Transport: io_uring; JIT compiler busy 812.00ms, GC 3.00ms (2 collections), CPU 9.64s, "
                        + "of the measured 10.00s\n"
                        + "Requests/sec:");
        assertThat(WrkTextReport.results(nativeBinary, false, false, HTTP))
                .contains("  Transport: epoll; native binary, no JIT compiler; GC 0.00us (0 collections), "
                        + "of the measured 10.00s\n");
        assertThat(WrkTextReport.results(
                        closedLoop(spec, 10 * SECOND, 5, latency(MS, 5), rates(5, 1))
                                .build(),
                        false,
                        false,
                        HTTP))
                .doesNotContain("Transport:");
    }

    @Test
    void valueTooWideForItsColumnIsNotCut() {
        RunSpec spec = spec("http://127.0.0.1:8080/", 1, 1, SECOND, 0);
        // Buckets at 999.56ms and 1000.08ms, weighted so the mean is 999.9955ms: "1000.00ms", a character too wide.
        Histogram latency = latency(999_300_000, 16, SECOND, 84);
        RunResult result = closedLoop(spec, SECOND, 100, latency, rates(100, 1))
                .statuses(Map.of(200, 100L))
                .build();

        assertThat(WrkTextReport.results(result, false, false, HTTP)).contains("\n    Latency   1000.00ms");
    }

    @Test
    void renderIsHeaderThenResults() {
        RunResult result = basic();

        assertThat(WrkTextReport.render(result, true, false, HTTP))
                .isEqualTo(WrkTextReport.header(result.spec()) + WrkTextReport.results(result, true, false, HTTP));
    }

    @Test
    void interruptedRunRendersLikeAnyOther() {
        RunResult basic = basic();
        RunResult interrupted = closedLoop(
                        basic.spec(),
                        basic.elapsedNanos(),
                        basic.requests(),
                        basic.latencyNanos(),
                        basic.requestsPerSecondPerThread())
                .statuses(basic.statuses())
                .bytesRead(basic.bytesRead())
                .bytesWritten(basic.bytesWritten())
                .stopReason(StopReason.INTERRUPTED)
                .build();

        assertThat(WrkTextReport.render(interrupted, false, false, HTTP)).isEqualTo(golden("basic.txt"));
    }

    @Test
    void durationBelowOneSecondIsGivenInMilliseconds() {
        assertThat(WrkTextReport.header(spec("http://127.0.0.1:8080/", 1, 1, 500 * MS, 0)))
                .startsWith("Running 500ms test @ http://127.0.0.1:8080/\n");
    }

    @Test
    void durationAndCountBoundRunShowsTheDuration() {
        assertThat(WrkTextReport.header(spec("http://127.0.0.1:8080/", 1, 1, 90 * SECOND, 1000)))
                .startsWith("Running 2m test @ "); // 1.5 minutes, rounded to even like wrk
    }

    @Test
    void neverPrintsSecrets() {
        TargetSpec target = new TargetSpec(
                URI.create("http://alice:s3cret@127.0.0.1:8080/x?y=1"),
                "GET",
                List.of(new Header("Authorization", "Bearer abc.def")),
                new byte[0],
                false);
        RunSpec spec = new RunSpec(target, 1, 1, SECOND, 0, SECOND, Schedule.closedLoop(), 1, 0);

        assertThat(WrkTextReport.header(spec))
                .startsWith("Running 1s test @ http://alice:****@127.0.0.1:8080/x?y=1\n")
                .doesNotContain("s3cret", "abc.def");
    }

    @Test
    void masksAUserInfoThatMayBeAToken() {
        assertThat(WrkTextReport.header(spec("https://ghp_abc123@example.test/", 1, 1, SECOND, 0)))
                .startsWith("Running 1s test @ https://****@example.test/\n");
    }

    /** 12 threads, 400 connections, 30 s; latencies from 400us to 12.92ms, per-thread rates around 56k/s. */
    private static RunResult basic() {
        RunSpec spec = spec("http://127.0.0.1:8080/index.html", 12, 400, 30 * SECOND, 0);
        Histogram latency = latency(400 * US, 3000, 600 * US, 5000, 820 * US, 1500, 2200 * US, 400, 12_920 * US, 100);
        Histogram rates = rates(48_000, 20, 56_000, 60, 62_500, 20);
        return closedLoop(spec, 30_000_123 * US, 22_464_657, latency, rates)
                .statuses(Map.of(200, 22_464_657L))
                .bytesRead(19_069_654_385L)
                .bytesWritten(1_500_000_000L)
                .build();
    }

    /**
     * 2 threads, 20 connections, 10 s at 1000 requests/s: the corrected latency has a stall of 1.2 s in its
     * tail that the uncorrected latency, measured from the delayed writes, does not show.
     */
    private static RunResult openLoop() {
        TargetSpec target = new TargetSpec(URI.create("http://127.0.0.1:8080/"), "GET", List.of(), new byte[0], false);
        RunSpec spec = new RunSpec(
                target, 2, 20, 10 * SECOND, 0, 2 * SECOND, new Schedule.OpenLoop(new ConstantRate(1000), 10_000), 1, 0);
        Histogram corrected = latency(310 * US, 6000, 480 * US, 2500, 1210 * US, 1400, 620 * MS, 90, 1200 * MS, 10);
        Histogram uncorrected = latency(290 * US, 6500, 450 * US, 2500, 1150 * US, 990, 3010 * US, 10);
        return RunResult.builder(spec)
                .elapsedNanos(10_000_500 * US)
                .requests(10_000)
                .statuses(Map.of(200, 10_000L))
                .bytesRead(1_230_000)
                .bytesWritten(640_000)
                .latencyNanos(corrected)
                .uncorrectedLatencyNanos(uncorrected)
                .requestsPerSecondPerThread(rates(480, 10, 500, 170, 520, 20))
                .startEpochMillis(1_700_000_000_000L)
                .pacing(new PacingStats(1000, 40, 1190 * MS, 0))
                .build();
    }

    /** A closed-loop result whose corrected and uncorrected latencies are both {@code latency}. */
    private static RunResult.Builder closedLoop(
            RunSpec spec, long elapsedNanos, long requests, Histogram latency, Histogram rates) {
        return RunResult.builder(spec)
                .elapsedNanos(elapsedNanos)
                .requests(requests)
                .latencyNanos(latency)
                .uncorrectedLatencyNanos(latency)
                .requestsPerSecondPerThread(rates);
    }

    private static RunSpec spec(String uri, int threads, int connections, long durationNanos, long requestCount) {
        TargetSpec target = new TargetSpec(URI.create(uri), "GET", List.of(), new byte[0], false);
        return new RunSpec(
                target, threads, connections, durationNanos, requestCount, 2 * SECOND, Schedule.closedLoop(), 1, 0);
    }

    /** The engine's latency histogram: nanoseconds up to an hour, three significant digits. */
    private static Histogram latency(long... valueCountPairs) {
        return histogram(new Histogram(1, 3_600 * SECOND, 3), valueCountPairs);
    }

    private static Histogram rates(long... valueCountPairs) {
        return histogram(new Histogram(1, Long.MAX_VALUE / 4, 3), valueCountPairs);
    }

    private static Histogram histogram(Histogram histogram, long... valueCountPairs) {
        for (int i = 0; i < valueCountPairs.length; i += 2) {
            histogram.recordValueWithCount(valueCountPairs[i], valueCountPairs[i + 1]);
        }
        return histogram;
    }

    private static String golden(String name) {
        try (InputStream in = WrkTextReportTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
